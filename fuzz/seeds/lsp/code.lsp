Content-Length: 215

{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": null, "rootUri": "file:///nonexistent-ally-fuzz", "capabilities": {"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}}}}Content-Length: 57

{"jsonrpc": "2.0", "method": "initialized", "params": {}}Content-Length: 248

{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": "file:///nonexistent-ally-fuzz/src/main.rs", "languageId": "rust", "version": 1, "text": "// whitelist\nlet master_node = \"slave\"; // ally:ignore master\n"}}}Content-Length: 133

{"jsonrpc": "2.0", "method": "textDocument/didSave", "params": {"textDocument": {"uri": "file:///nonexistent-ally-fuzz/.ally.toml"}}}Content-Length: 152

{"jsonrpc": "2.0", "method": "workspace/didChangeWatchedFiles", "params": {"changes": [{"uri": "file:///nonexistent-ally-fuzz/.ally.toml", "type": 2}]}}