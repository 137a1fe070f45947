// A render process that takes requests and never answers.
process.on('message', () => undefined)
process.on('disconnect', () => process.exit(0))
