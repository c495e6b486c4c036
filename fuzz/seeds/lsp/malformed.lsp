Content-Length: 9

{not jsongarbage
Content-Length: 2

[]content-length: 2
Content-Type: x

{}Content-Length: 64

{"jsonrpc": "2.0", "id": 5, "method": "textDocument/codeAction"}Content-Length: 215

{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": null, "rootUri": "file:///nonexistent-ally-fuzz", "capabilities": {"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}}}}Content-Length: 215

{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": null, "rootUri": "file:///nonexistent-ally-fuzz", "capabilities": {"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}}}}Content-Length: 48

{"jsonrpc": "2.0", "id": 6, "method": "nothing"}Content-Length: 45

{"jsonrpc": "2.0", "id": "x", "result": null}Content-Length: 50

{}