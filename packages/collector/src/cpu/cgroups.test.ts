import { describe, expect, it } from 'vitest'
import { parseCgroupMembership, parseCgroupMounts } from './cgroups.js'

describe('parseCgroupMounts', () => {
  it('keeps cgroup and cgroup2 mounts, with v1 controllers, unescaping octal codes in paths', () => {
    // Prepare
    const text = [
      '22 27 0:21 / /proc rw,relatime - proc proc rw',
      '32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu',
      '1032 1031 0:29 /docker/4f1c /sys/fs/cgroup/cpu,cpuacct ro,nosuid master:11 - cgroup cgroup rw,cpu,cpuacct',
      '41 31 0:38 / /sys/fs/cgroup/my\\040unified rw,relatime shared:4 - cgroup2 cgroup2 rw',
      'a line of another shape',
      '',
    ].join('\n')

    // Act
    const mounts = parseCgroupMounts(text, '/')

    // Assess
    expect(mounts).toEqual([
      { directory: '/sys/fs/cgroup/cpu', root: '/', version: 1, controllers: ['rw', 'cpu'] },
      {
        directory: '/sys/fs/cgroup/cpu,cpuacct',
        root: '/docker/4f1c',
        version: 1,
        controllers: ['rw', 'cpu', 'cpuacct'],
      },
      { directory: '/sys/fs/cgroup/my unified', root: '/', version: 2, controllers: [] },
    ])
  })
})

describe('parseCgroupMembership', () => {
  it('reads v1 controller lists, the v2 line, and paths that contain colons', () => {
    // Act
    const groups = parseCgroupMembership('3:cpu,cpuacct:/docker/a:b\n1:name=systemd:/\n0::/user.slice\n\n')

    // Assess
    expect(groups).toEqual([
      { version: 1, controllers: ['cpu', 'cpuacct'], path: '/docker/a:b' },
      { version: 1, controllers: ['name=systemd'], path: '/' },
      { version: 2, controllers: [], path: '/user.slice' },
    ])
  })
})
