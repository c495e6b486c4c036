Content-Length: 215

{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": null, "rootUri": "file:///nonexistent-ally-fuzz", "capabilities": {"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}}}}Content-Length: 57

{"jsonrpc": "2.0", "method": "initialized", "params": {}}Content-Length: 185

{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": "file:///nonexistent-ally-fuzz/docs/a.md", "languageId": "markdown", "version": 1, "text": "x"}}}Content-Length: 239

{"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": "file:///nonexistent-ally-fuzz/docs/a.md", "version": 2}, "contentChanges": [{"text": "\ud83e\udd80 a blacklist\r\nthe chairman \u00e9\u2028guys"}]}}Content-Length: 283

{"jsonrpc": "2.0", "id": 2, "method": "textDocument/codeAction", "params": {"textDocument": {"uri": "file:///nonexistent-ally-fuzz/docs/a.md"}, "range": {"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": 3}}, "context": {"diagnostics": [], "only": ["quickfix"]}}}Content-Length: 133

{"jsonrpc": "2.0", "method": "textDocument/didClose", "params": {"textDocument": {"uri": "file:///nonexistent-ally-fuzz/docs/a.md"}}}