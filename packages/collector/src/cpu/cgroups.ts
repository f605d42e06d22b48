import { fs, path } from '../builtins.js'

/** cgroup v1 CPU counters are in nanoseconds, v2 in microseconds. */
export const NS_PER_MS = 1e6
export const US_PER_MS = 1e3

/**
 * Where the kernel's cgroup files are, found once (at the collector's first sample) from the process's own
 * `/proc/self/cgroup` and `/proc/self/mountinfo`. Mount points are absolute paths of the file system whose
 * /proc is `procRoot`, so they are resolved against the parent of `procRoot` (`/` for the live `/proc`),
 * which lets a fixture tree hold `proc/` and `sys/` side by side.
 */

export interface CgroupMount {
  /** The directory the hierarchy is mounted on, resolved against the file system root. */
  readonly directory: string
  /** The cgroup path that directory shows (`/` unless a container mounts only its own group). */
  readonly root: string
  readonly version: 1 | 2
  /** v1: the controllers of the hierarchy (`cpu`, `cpuacct`, ...); v2: none listed here. */
  readonly controllers: readonly string[]
}

export interface CgroupMembership {
  readonly version: 1 | 2
  readonly controllers: readonly string[]
  /** The process's group, relative to the hierarchy's root. */
  readonly path: string
}

/** mountinfo escapes blanks, tabs, newlines and backslashes in paths as three-digit octal codes. */
const unescapeOctal = (text: string): string =>
  text.replace(/\\([0-7]{3})/g, (_, code: string) => String.fromCharCode(Number.parseInt(code, 8)))

const readText = (file: string): string | undefined => {
  try {
    return fs.readFileSync(file, 'latin1')
  } catch {
    return undefined
  }
}

/**
 * Parses mountinfo lines `id parent major:minor root mountpoint options [optional...] - fstype source
 * superoptions`, keeping cgroup and cgroup2 mounts. Lines of another shape are skipped, not fatal: the
 * probe then finds fewer sources and falls back.
 */
export const parseCgroupMounts = (text: string, fsRoot: string): CgroupMount[] => {
  const mounts: CgroupMount[] = []
  for (const line of text.split('\n')) {
    const fields = line.split(' ')
    const separator = fields.indexOf('-', 6)
    if (separator < 0) continue
    const fsType = fields[separator + 1]
    const root = fields[3]
    const mountPoint = fields[4]
    if (root === undefined || mountPoint === undefined) continue
    const directory = path.join(fsRoot, unescapeOctal(mountPoint))
    if (fsType === 'cgroup2') {
      mounts.push({ directory, root: unescapeOctal(root), version: 2, controllers: [] })
    } else if (fsType === 'cgroup') {
      const controllers = (fields[separator + 3] ?? '').split(',')
      mounts.push({ directory, root: unescapeOctal(root), version: 1, controllers })
    }
  }
  return mounts
}

/** Parses `/proc/self/cgroup`: `hierarchy-id:controllers:path`, with `0::path` for the v2 hierarchy. */
export const parseCgroupMembership = (text: string): CgroupMembership[] => {
  const groups: CgroupMembership[] = []
  for (const line of text.split('\n')) {
    const first = line.indexOf(':')
    const second = line.indexOf(':', first + 1)
    if (first < 0 || second < 0) continue
    const id = line.slice(0, first)
    const controllers = line.slice(first + 1, second)
    const groupPath = line.slice(second + 1)
    if (!groupPath.startsWith('/')) continue
    if (id === '0' && controllers === '') groups.push({ version: 2, controllers: [], path: groupPath })
    else groups.push({ version: 1, controllers: controllers.split(','), path: groupPath })
  }
  return groups
}

export interface CgroupLayout {
  readonly mounts: readonly CgroupMount[]
  readonly membership: readonly CgroupMembership[]
}

/** Reads both files; a missing file means no cgroups at all (as on a machine that mounts none). */
export const readCgroupLayout = (procRoot: string): CgroupLayout => {
  const fsRoot = path.dirname(path.resolve(procRoot))
  const mountinfo = readText(path.join(procRoot, 'self', 'mountinfo'))
  const membership = readText(path.join(procRoot, 'self', 'cgroup'))
  return {
    mounts: mountinfo === undefined ? [] : parseCgroupMounts(mountinfo, fsRoot),
    membership: membership === undefined ? [] : parseCgroupMembership(membership),
  }
}

const mountOf = (layout: CgroupLayout, version: 1 | 2, controller?: string): CgroupMount | undefined =>
  layout.mounts.find(
    (mount) =>
      mount.version === version && (controller === undefined || mount.controllers.includes(controller)),
  )

/**
 * The directory of the hierarchy's real root group, which counts every task of the machine. A container
 * that mounts only its own group shows a non-root group there: the v1 root alone has
 * `cgroup.sane_behavior`, and the v2 root alone lacks `cgroup.type`.
 */
export const rootGroupDirectory = (
  layout: CgroupLayout,
  version: 1 | 2,
  controller?: string,
): string | undefined => {
  const mount = mountOf(layout, version, controller)
  if (!mount) return undefined
  const isRoot =
    version === 1
      ? exists(path.join(mount.directory, 'cgroup.sane_behavior'))
      : !exists(path.join(mount.directory, 'cgroup.type'))
  return isRoot ? mount.directory : undefined
}

/**
 * The directories of the process's own group and its ancestors up to the mount's root, nearest first;
 * empty when the process's group is not under the mounted part of the hierarchy.
 */
export const ownGroupDirectories = (layout: CgroupLayout, version: 1 | 2, controller?: string): string[] => {
  const mount = mountOf(layout, version, controller)
  const member = layout.membership.find(
    (group) =>
      group.version === version && (controller === undefined || group.controllers.includes(controller)),
  )
  if (!mount || !member) return []
  const relative = path.posix.relative(mount.root, member.path)
  if (relative.startsWith('..')) return []
  const directories: string[] = []
  let current = relative
  for (;;) {
    directories.push(path.join(mount.directory, current))
    if (current === '' || current === '.') break
    const parent = path.posix.dirname(current)
    current = parent === '.' ? '' : parent
  }
  return directories
}

export const exists = (file: string): boolean => {
  try {
    fs.accessSync(file, fs.constants.R_OK)
    return true
  } catch {
    return false
  }
}

export { readText }
