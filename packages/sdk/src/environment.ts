import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { platform } from 'node:os';

/**
 * Whether the application runs in a virtual machine or a container, from the evidence the
 * operating system leaves in plain sight. It is a policy signal, not a guarantee: a determined
 * user can hide a virtual machine (custom DMI strings, the CPU flag masked), so a vendor's
 * `allowVirtualMachines: false` keeps honest users on real machines and no more (see
 * docs/devices.md, "Virtual machines and fingerprints").
 *
 * What is read, by platform:
 * - Linux: the DMI strings in /sys/class/dmi/id (sys_vendor, product_name, bios_vendor,
 *   board_vendor) against the names hypervisors and clouds give; the `hypervisor` CPU flag in
 *   /proc/cpuinfo; /.dockerenv and /run/.containerenv; container runtimes in /proc/1/cgroup and
 *   in what /proc/self/mountinfo mounts on / and on /etc/hostname, /etc/hosts, /etc/resolv.conf;
 *   the `container` environment variable (systemd-nspawn, podman, LXC set it).
 * - macOS: `sysctl -n kern.hv_vmm_present` (1 in a virtual machine).
 * - Windows: the BIOS's SystemManufacturer and SystemProductName in the registry, against the
 *   same names as the DMI strings.
 * - Elsewhere: nothing is known, so nothing is reported.
 * Containers are known on Linux only (elsewhere they run a Linux virtual machine, which is seen).
 */
export interface DeviceEnvironment {
  readonly virtualMachine: boolean;
  readonly container: boolean;
  /** The evidence found, e.g. `dmi:sys_vendor=QEMU`, `cpuinfo:hypervisor`, `file:/.dockerenv`; empty on a plain machine. */
  readonly signals: readonly string[];
}

/** What the environment is read from; each part defaults to this machine. Tests pass a fixture tree as `root`. */
export interface EnvironmentSource {
  /** As `process.platform` names it. */
  readonly platform?: string;
  /** The file-system root the Linux paths are read under: `/` by default. */
  readonly root?: string;
  /** The process environment (for `container`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Runs a command and gives its standard output, or undefined when it fails (macOS, Windows). */
  readonly run?: (command: string, args: readonly string[]) => string | undefined;
}

/** Names hypervisors and clouds put in the DMI strings (or the BIOS registry values on Windows). */
const HYPERVISOR_NAMES: readonly RegExp[] = [
  /vmware/i,
  /virtualbox|innotek/i,
  /qemu/i,
  /\bkvm\b/i,
  /\bxen\b|\bhvm domu\b/i,
  /parallels/i,
  /amazon ec2/i,
  /google compute engine/i,
  /\bbochs\b/i,
  /\bbhyve\b/i,
  /openstack/i,
  /\bnutanix\b/i,
  /\bovirt\b|\brhev\b/i,
  /digitalocean/i,
  /apple virtualization/i,
];

const DMI_FIELDS = ['sys_vendor', 'product_name', 'bios_vendor', 'board_vendor'] as const;
/**
 * Container runtimes as they name cgroups and storage paths (Podman's storage is
 * `containers/storage`; a cgroup namespace may leave /proc/1/cgroup as bare as a host's, so the
 * mounts are read too).
 */
const CONTAINER_MARKERS = /\b(docker|kubepods|kubelet|containerd|lxc|libpod|podman|containers\/storage)\b/;
/** Mount points a container runtime provides itself: what is mounted there names the runtime. */
const CONTAINER_MOUNT_POINTS = new Set(['/', '/etc/hostname', '/etc/hosts', '/etc/resolv.conf']);

function defaultRun(command: string, args: readonly string[]): string | undefined {
  try {
    return execFileSync(command, [...args], { encoding: 'utf8', timeout: 5_000, stdio: ['ignore', 'pipe', 'ignore'], windowsHide: true });
  } catch {
    return undefined;
  }
}

/**
 * Reads the environment once. Never throws: what cannot be read is evidence of nothing.
 *
 * @example
 * ```ts
 * detectEnvironment(); // { virtualMachine: true, container: false, signals: ['dmi:sys_vendor=QEMU', 'cpuinfo:hypervisor'] }
 * detectEnvironment({ platform: 'linux', root: '/tmp/fixture', env: {} }); // a fixture tree, in tests
 * ```
 */
export function detectEnvironment(source: EnvironmentSource = {}): DeviceEnvironment {
  const os = source.platform ?? platform();
  const run = source.run ?? defaultRun;
  const vm: string[] = [];
  const container: string[] = [];
  if (os === 'linux') {
    const root = source.root ?? '/';
    const read = (path: string) => readText(join(root, path));
    vm.push(...linuxVirtualMachineSignals(read));
    container.push(...linuxContainerSignals(read, source.env ?? process.env));
  } else if (os === 'darwin') {
    if (run('sysctl', ['-n', 'kern.hv_vmm_present'])?.trim() === '1') vm.push('sysctl:kern.hv_vmm_present=1');
  } else if (os === 'win32') {
    vm.push(...windowsVirtualMachineSignals(run));
  }
  return { virtualMachine: vm.length > 0, container: container.length > 0, signals: [...vm, ...container] };
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** A DMI or BIOS value that names a hypervisor; Hyper-V only as Microsoft's "Virtual Machine" (Surface machines are Microsoft's too). */
function namesHypervisor(values: Readonly<Record<string, string>>, field: string): boolean {
  const value = values[field] ?? '';
  if (HYPERVISOR_NAMES.some((name) => name.test(value))) return true;
  return field === 'product_name' && /virtual machine/i.test(value) && /microsoft/i.test(values.sys_vendor ?? '');
}

function linuxVirtualMachineSignals(read: (path: string) => string | undefined): string[] {
  const values: Record<string, string> = {};
  for (const field of DMI_FIELDS) values[field] = read(`sys/class/dmi/id/${field}`)?.trim() ?? '';
  const signals = DMI_FIELDS.filter((field) => namesHypervisor(values, field)).map((field) => `dmi:${field}=${values[field]!.slice(0, 64)}`);
  const flags = (read('proc/cpuinfo') ?? '').split('\n').find((line) => /^flags\s*:/.test(line));
  if (flags?.split(/\s+/).includes('hypervisor')) signals.push('cpuinfo:hypervisor');
  return signals;
}

function linuxContainerSignals(read: (path: string) => string | undefined, env: Readonly<Record<string, string | undefined>>): string[] {
  const signals: string[] = [];
  for (const marker of ['.dockerenv', 'run/.containerenv']) if (read(marker) !== undefined) signals.push(`file:/${marker}`);
  const cgroup = (read('proc/1/cgroup') ?? '')
    .split('\n')
    .map((line) => CONTAINER_MARKERS.exec(line)?.[1])
    .find(Boolean);
  if (cgroup) signals.push(`cgroup:${cgroup}`);
  const mounted = (read('proc/self/mountinfo') ?? '')
    .split('\n')
    .map((line) => {
      // Fields: id, parent, major:minor, root, mount point, options, ... - fstype source super-options.
      const fields = line.split(' ');
      return fields[4] !== undefined && CONTAINER_MOUNT_POINTS.has(fields[4]) ? CONTAINER_MARKERS.exec(line)?.[1] : undefined;
    })
    .find(Boolean);
  if (mounted) signals.push(`mountinfo:${mounted}`);
  const variable = env.container?.trim();
  if (variable) signals.push(`env:container=${variable.slice(0, 32)}`);
  return signals;
}

function windowsVirtualMachineSignals(run: (command: string, args: readonly string[]) => string | undefined): string[] {
  const output = run('reg', ['query', 'HKLM\\HARDWARE\\DESCRIPTION\\System\\BIOS']) ?? '';
  const value = (name: string) => new RegExp(`^\\s*${name}\\s+REG_SZ\\s+(.+?)\\s*$`, 'm').exec(output)?.[1] ?? '';
  const values = { sys_vendor: value('SystemManufacturer'), product_name: value('SystemProductName') };
  return (['sys_vendor', 'product_name'] as const)
    .filter((field) => namesHypervisor(values, field))
    .map((field) => `bios:${field === 'sys_vendor' ? 'SystemManufacturer' : 'SystemProductName'}=${values[field].slice(0, 64)}`);
}
