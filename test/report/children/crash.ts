// A render process that dies on its first request, as a crash in native code would.
process.on('message', () => process.exit(3))
