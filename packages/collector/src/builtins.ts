/**
 * Node built-ins, taken with `process.getBuiltinModule` rather than `import`. Importing `node:fs` as ESM
 * builds its module namespace, which reads every export, `fs.promises` included, and so loads the whole
 * promises API: about 2 ms of a Lambda cold start for a module the fast path never calls. The module
 * object itself costs nothing extra: Node loaded it while starting up. (`getBuiltinModule` came with
 * Node.js 22.3; the packages' `engines` say 22.12, where `require()` of an ES module starts to work.)
 */
export const fs = process.getBuiltinModule('node:fs')
export const path = process.getBuiltinModule('node:path')

/**
 * `node:os`, unlike `fs` and `path`, is not loaded while Node starts: taking it costs about 0.2 ms of a
 * cold start. On Linux only the `process` group's vCPU entitlement needs it, so it is taken at the first
 * call that does (the portable readers, that entitlement, the default disk path off Linux), never on the
 * default groups' path. After the first call Node hands back the same module object.
 */
export const os = () => process.getBuiltinModule('node:os')
