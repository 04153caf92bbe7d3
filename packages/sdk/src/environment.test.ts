import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testVendor, type TestVendor } from '../test/test-vendor.ts';
import { detectEnvironment, type EnvironmentSource } from './environment.ts';
import { Airlock } from './index.ts';

/** Fixture trees: a Linux root holding only the files a test gives it. */
const trees: string[] = [];
async function tree(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'airlock-environment-'));
  trees.push(root);
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
  return root;
}
afterAll(() => Promise.all(trees.map((root) => rm(root, { recursive: true, force: true }))));

const linux = async (files: Record<string, string>, env: Record<string, string> = {}): Promise<EnvironmentSource> => ({
  platform: 'linux',
  root: await tree(files),
  env,
});

const CPU_FLAGS = 'flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr sse sse2';
const cpuinfo = (flags: string) => `processor\t: 0\nvendor_id\t: GenuineIntel\n${flags}\nbogomips\t: 4800.00\n\nprocessor\t: 1\n${flags}\n`;
const HOST_CGROUP = '0::/init.scope\n';
const HOST_MOUNTS = [
  '26 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw',
  '27 26 0:5 / /dev rw,nosuid shared:2 - devtmpfs udev rw',
  // A host that runs containers mounts their roots too, elsewhere than on its own /.
  '310 26 0:52 / /var/lib/docker/overlay2/3f9a/merged rw,relatime - overlay overlay rw,lowerdir=/var/lib/docker/overlay2/l/AB',
].join('\n');
/** A physical Linux workstation that also runs Docker. */
const plainMachine = {
  'sys/class/dmi/id/sys_vendor': 'Dell Inc.\n',
  'sys/class/dmi/id/product_name': 'Precision 3660\n',
  'sys/class/dmi/id/bios_vendor': 'Dell Inc.\n',
  'sys/class/dmi/id/board_vendor': 'Dell Inc.\n',
  'proc/cpuinfo': cpuinfo(CPU_FLAGS),
  'proc/1/cgroup': HOST_CGROUP,
  'proc/self/mountinfo': HOST_MOUNTS,
};

describe('the environment on Linux', () => {
  it('is a plain machine when no evidence is found, even on a host that runs containers', async () => {
    expect(detectEnvironment(await linux(plainMachine))).toEqual({ virtualMachine: false, container: false, signals: [] });
    expect(detectEnvironment(await linux({}))).toEqual({ virtualMachine: false, container: false, signals: [] });
  });

  it('is a virtual machine by its DMI strings', async () => {
    const qemu = await linux({
      ...plainMachine,
      'sys/class/dmi/id/sys_vendor': 'QEMU\n',
      'sys/class/dmi/id/product_name': 'Standard PC (Q35 + ICH9, 2009)\n',
      'sys/class/dmi/id/bios_vendor': 'SeaBIOS\n',
    });
    expect(detectEnvironment(qemu)).toEqual({ virtualMachine: true, container: false, signals: ['dmi:sys_vendor=QEMU'] });
    const vmware = await linux({ 'sys/class/dmi/id/sys_vendor': 'VMware, Inc.\n', 'sys/class/dmi/id/product_name': 'VMware Virtual Platform\n' });
    expect(detectEnvironment(vmware).signals).toEqual(['dmi:sys_vendor=VMware, Inc.', 'dmi:product_name=VMware Virtual Platform']);
    const virtualBox = await linux({
      'sys/class/dmi/id/board_vendor': 'Oracle Corporation\n',
      'sys/class/dmi/id/product_name': 'VirtualBox\n',
      'sys/class/dmi/id/bios_vendor': 'innotek GmbH\n',
    });
    expect(detectEnvironment(virtualBox).signals).toEqual(['dmi:product_name=VirtualBox', 'dmi:bios_vendor=innotek GmbH']);
    const ec2 = await linux({ 'sys/class/dmi/id/sys_vendor': 'Amazon EC2\n', 'sys/class/dmi/id/product_name': 'm6i.large\n' });
    expect(detectEnvironment(ec2).signals).toEqual(['dmi:sys_vendor=Amazon EC2']);
    const gce = await linux({ 'sys/class/dmi/id/sys_vendor': 'Google\n', 'sys/class/dmi/id/product_name': 'Google Compute Engine\n' });
    expect(detectEnvironment(gce).signals).toEqual(['dmi:product_name=Google Compute Engine']);
  });

  it('is a Hyper-V machine by Microsoft’s "Virtual Machine", not by every Microsoft machine', async () => {
    const hyperV = await linux({ 'sys/class/dmi/id/sys_vendor': 'Microsoft Corporation\n', 'sys/class/dmi/id/product_name': 'Virtual Machine\n' });
    expect(detectEnvironment(hyperV)).toEqual({ virtualMachine: true, container: false, signals: ['dmi:product_name=Virtual Machine'] });
    const surface = await linux({ 'sys/class/dmi/id/sys_vendor': 'Microsoft Corporation\n', 'sys/class/dmi/id/product_name': 'Surface Laptop 5\n' });
    expect(detectEnvironment(surface).virtualMachine).toBe(false);
  });

  it('is a virtual machine by the hypervisor CPU flag alone', async () => {
    const hidden = await linux({ ...plainMachine, 'proc/cpuinfo': cpuinfo(`${CPU_FLAGS} hypervisor lahf_lm`) });
    expect(detectEnvironment(hidden)).toEqual({ virtualMachine: true, container: false, signals: ['cpuinfo:hypervisor'] });
  });

  it('is a Docker container by /.dockerenv, its cgroup and the overlay mounted on /', async () => {
    const docker = await linux({
      '.dockerenv': '',
      'proc/1/cgroup': '12:memory:/docker/4d2f0c9e8b7a\n0::/docker/4d2f0c9e8b7a\n',
      'proc/self/mountinfo':
        '642 560 0:61 / / rw,relatime master:290 - overlay overlay rw,lowerdir=/var/lib/docker/overlay2/l/QX2:/var/lib/docker/overlay2/l/7M\n',
      'proc/cpuinfo': cpuinfo(CPU_FLAGS),
    });
    expect(detectEnvironment(docker)).toEqual({ virtualMachine: false, container: true, signals: ['file:/.dockerenv', 'cgroup:docker', 'mountinfo:docker'] });
  });

  it('is a Podman container by /run/.containerenv and the container variable', async () => {
    const podman = await linux({ 'run/.containerenv': 'engine="podman-4.9.3"\n', 'proc/1/cgroup': '0::/\n' }, { container: 'podman' });
    expect(detectEnvironment(podman)).toEqual({ virtualMachine: false, container: true, signals: ['file:/run/.containerenv', 'env:container=podman'] });
  });

  it('is a Kubernetes container by its cgroup, on a virtual machine of the cloud', async () => {
    const pod = await linux({
      'sys/class/dmi/id/sys_vendor': 'Google\n',
      'sys/class/dmi/id/product_name': 'Google Compute Engine\n',
      'proc/cpuinfo': cpuinfo(`${CPU_FLAGS} hypervisor`),
      'proc/1/cgroup': '0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1c2d.slice/cri-containerd-9e8f.scope\n',
      'proc/self/mountinfo': '1200 1100 0:300 /var/lib/kubelet/pods/1c2d/etc-hosts /etc/hosts rw - ext4 /dev/sda1 rw\n',
    });
    expect(detectEnvironment(pod)).toEqual({
      virtualMachine: true,
      container: true,
      signals: ['dmi:product_name=Google Compute Engine', 'cpuinfo:hypervisor', 'cgroup:kubepods', 'mountinfo:kubelet'],
    });
  });

  it('is a container by its mounts alone when a cgroup namespace hides the cgroup (rootless Podman)', async () => {
    const rootless = await linux({
      'proc/1/cgroup': '0::/\n',
      'proc/self/mountinfo': [
        '300 250 0:40 / / rw,relatime - overlay overlay rw,lowerdir=/home/ada/.local/share/containers/storage/overlay/l/Q2',
        '310 300 0:41 /home/ada/.local/share/containers/storage/overlay-containers/9e/userdata/hostname /etc/hostname rw - tmpfs tmpfs rw',
      ].join('\n'),
    });
    expect(detectEnvironment(rootless)).toEqual({ virtualMachine: false, container: true, signals: ['mountinfo:containers/storage'] });
  });
});

describe('the environment elsewhere', () => {
  it('is a virtual machine on macOS when the kernel says a hypervisor is present', () => {
    const sysctl = (answer: string) => (command: string) => (command === 'sysctl' ? answer : undefined);
    expect(detectEnvironment({ platform: 'darwin', run: sysctl('1\n') })).toEqual({
      virtualMachine: true,
      container: false,
      signals: ['sysctl:kern.hv_vmm_present=1'],
    });
    expect(detectEnvironment({ platform: 'darwin', run: sysctl('0\n') }).virtualMachine).toBe(false);
  });

  it('is a virtual machine on Windows by the BIOS values in the registry', () => {
    const bios = (manufacturer: string, product: string) => () =>
      `\r\nHKEY_LOCAL_MACHINE\\HARDWARE\\DESCRIPTION\\System\\BIOS\r\n    SystemManufacturer    REG_SZ    ${manufacturer}\r\n    SystemProductName    REG_SZ    ${product}\r\n`;
    expect(detectEnvironment({ platform: 'win32', run: bios('Microsoft Corporation', 'Virtual Machine') }).signals).toEqual([
      'bios:SystemProductName=Virtual Machine',
    ]);
    expect(detectEnvironment({ platform: 'win32', run: bios('innotek GmbH', 'VirtualBox') }).signals).toEqual([
      'bios:SystemManufacturer=innotek GmbH',
      'bios:SystemProductName=VirtualBox',
    ]);
    expect(detectEnvironment({ platform: 'win32', run: bios('LENOVO', '20XW0026GE') })).toEqual({ virtualMachine: false, container: false, signals: [] });
    expect(detectEnvironment({ platform: 'win32', run: () => undefined }).virtualMachine).toBe(false);
  });

  it('knows nothing on other platforms, and reads this machine without failing', () => {
    expect(detectEnvironment({ platform: 'openbsd', run: () => '1' })).toEqual({ virtualMachine: false, container: false, signals: [] });
    // With no source given, it reads this very machine: the same answer as naming it.
    expect(detectEnvironment()).toEqual(detectEnvironment({ platform: process.platform, root: '/', env: process.env }));
  });
});

describe('the device’s environment', () => {
  let vendor: TestVendor;
  beforeEach(async () => {
    vendor = await testVendor();
  });
  afterEach(() => vendor.dispose());

  it('is what Airlock reports, and its two answers go in the activation request without the evidence', async () => {
    const environment = await linux({ 'sys/class/dmi/id/sys_vendor': 'QEMU\n', '.dockerenv': '' });
    const airlock = await Airlock.open(await vendor.options({ environment }));
    expect(airlock.environment).toEqual({ virtualMachine: true, container: true, signals: ['dmi:sys_vendor=QEMU', 'file:/.dockerenv'] });
    const { request } = await vendor.answer(await airlock.createActivationRequest({ licenseKey: 'J7AB2-2XN31-7QVKK-CSC4J-SZZS4' }));
    expect(request.claims.environment).toEqual({ virtualMachine: true, container: true });
  });

  it('says a plain machine is neither', async () => {
    const airlock = await Airlock.open(await vendor.options({ environment: await linux(plainMachine) }));
    const { request } = await vendor.answer(await airlock.createActivationRequest({ licenseKey: 'J7AB2-2XN31-7QVKK-CSC4J-SZZS4' }));
    expect(request.claims.environment).toEqual({ virtualMachine: false, container: false });
  });
});
