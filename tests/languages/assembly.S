/* The whitelist is read first: https://example.org/blob/master/x.md */
#include <asm/linkage.h>
	.section .text
ENTRY(slave_entry)
	movl $1, %eax	# the whitelist of calls
	.asciz "see # the dummy value"
	call webmaster_init
