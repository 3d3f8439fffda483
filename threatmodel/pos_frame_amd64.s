//go:build gc && !purego

#include "textflag.h"

// func frame() (pc uintptr, fp unsafe.Pointer)
//
// frame returns the address it returns to, in its caller, and its caller's
// frame pointer. It has no frame of its own, so the return address is at
// the top of the stack and BP is the caller's.
TEXT ·frame(SB), NOSPLIT|NOFRAME, $0-16
	MOVQ 0(SP), AX
	MOVQ AX, pc+0(FP)
	MOVQ BP, fp+8(FP)
	RET
