package shop.limits
