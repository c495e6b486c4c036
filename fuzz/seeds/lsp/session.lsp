Content-Length: 215

{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": null, "rootUri": "file:///nonexistent-ally-fuzz", "capabilities": {"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}}}}Content-Length: 57

{"jsonrpc": "2.0", "method": "initialized", "params": {}}Content-Length: 243

{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": "file:///nonexistent-ally-fuzz/docs/a.md", "languageId": "markdown", "version": 1, "text": "# Guide\n\nAdd the host to the whitelist, ask the master.\n"}}}Content-Length: 284

{"jsonrpc": "2.0", "id": 2, "method": "textDocument/codeAction", "params": {"textDocument": {"uri": "file:///nonexistent-ally-fuzz/docs/a.md"}, "range": {"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 50}}, "context": {"diagnostics": [], "only": ["quickfix"]}}}Content-Length: 271

{"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": "file:///nonexistent-ally-fuzz/docs/a.md", "version": 2}, "contentChanges": [{"text": "node", "range": {"start": {"line": 2, "character": 4}, "end": {"line": 2, "character": 8}}}]}}Content-Length: 283

{"jsonrpc": "2.0", "id": 3, "method": "textDocument/codeAction", "params": {"textDocument": {"uri": "file:///nonexistent-ally-fuzz/docs/a.md"}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 9, "character": 0}}, "context": {"diagnostics": [], "only": ["quickfix"]}}}Content-Length: 50

{"jsonrpc": "2.0", "id": 99, "method": "shutdown"}Content-Length: 36

{"jsonrpc": "2.0", "method": "exit"}