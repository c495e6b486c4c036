; The whitelist is read first: https://example.org/blob/master/x.md
section .text
slave_loop:
	mov eax, 1 ; a whitelist again
msg db "see ; the dummy value", 0
	call webmaster_init
