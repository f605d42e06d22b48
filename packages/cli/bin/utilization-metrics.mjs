#!/usr/bin/env node
// Committed, not built: pnpm and npm link a package's bin when it is installed, and in a fresh clone that
// is before any build, so the bin must already exist. The command itself is the bundled dist/main.js.
import '../dist/main.js'
