import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** cgroup v1's `cpu` controller: Lambda's quota reproduced here (cgroup v2 `cpu.max` is not available). */
const CPU_CONTROLLER = '/sys/fs/cgroup/cpu'
/** Lambda throttles on 20 ms periods. */
export const PERIOD_US = 20_000
const MB_PER_VCPU = 1769

/** Why a CPU quota group cannot be made here, or undefined when it can. */
export const cpuQuotaProblem = (): string | undefined => {
  if (!existsSync(join(CPU_CONTROLLER, 'cpu.cfs_quota_us'))) {
    return `no cgroup v1 cpu controller at ${CPU_CONTROLLER}`
  }
  if (process.getuid?.() !== 0) return 'not root: cannot create a cgroup'
  return undefined
}

/** The quota Lambda gives `memoryMb`: memory / 1,769 of a CPU per 20 ms period (128 MB: 1,447 µs). */
export const quotaUs = (memoryMb: number): number => Math.round((memoryMb / MB_PER_VCPU) * PERIOD_US)

/**
 * A cgroup with Lambda's CPU quota for `memoryMb`. `shellPrefix` moves the shell that runs it into the
 * group before it `exec`s the command, so the whole process runs under the quota from its first
 * instruction. `throttledNs` reads the kernel's count of time held back.
 */
export const createCpuQuotaGroup = (name: string, memoryMb: number) => {
  const path = join(CPU_CONTROLLER, `${name}-${process.pid}-${memoryMb}mb`)
  mkdirSync(path, { recursive: true })
  writeFileSync(join(path, 'cpu.cfs_period_us'), String(PERIOD_US))
  writeFileSync(join(path, 'cpu.cfs_quota_us'), String(quotaUs(memoryMb)))
  return {
    path,
    shellPrefix: `echo $$ > ${join(path, 'cgroup.procs')} && exec`,
    throttledNs: (): number =>
      Number(/^throttled_time (\d+)$/m.exec(readFileSync(join(path, 'cpu.stat'), 'utf8'))?.[1] ?? Number.NaN),
    remove: (): void => {
      // The group is empty once its process exited; rmdir is how cgroup v1 removes a group.
      rmdirSync(path)
    },
  }
}
