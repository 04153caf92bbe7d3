import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkFingerprint, machineFingerprint, readMachineId, thisMachine, type MachineProbe } from './fingerprint.ts';

/** A machine that has only what the test gives it. */
function machine(platform: string, files: Record<string, string> = {}, commands: Record<string, string> = {}, mac?: string): MachineProbe {
  return {
    platform,
    readFile: (path) => files[path],
    run: (command) => commands[command],
    hostname: () => 'lab-pc-4',
    firstMac: () => mac,
  };
}

describe('the machine identifier', () => {
  it('is /etc/machine-id on Linux, then the D-Bus machine id', () => {
    expect(readMachineId(machine('linux', { '/etc/machine-id': 'abc123\n', '/var/lib/dbus/machine-id': 'dbus' }))).toEqual({
      source: 'machine-id',
      value: 'abc123',
    });
    expect(readMachineId(machine('linux', { '/etc/machine-id': '\n', '/var/lib/dbus/machine-id': 'dbus9\n' }))).toEqual({
      source: 'dbus-machine-id',
      value: 'dbus9',
    });
  });

  it('is IOPlatformUUID on macOS', () => {
    const ioreg = '+-o Mac  <class IOPlatformExpertDevice>\n    "IOPlatformUUID" = "564D2B3C-1A2B-4C5D-8E9F-0A1B2C3D4E5F"\n';
    expect(readMachineId(machine('darwin', {}, { ioreg }))).toEqual({ source: 'io-platform-uuid', value: '564D2B3C-1A2B-4C5D-8E9F-0A1B2C3D4E5F' });
  });

  it('is MachineGuid on Windows', () => {
    const reg = '\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Cryptography\r\n    MachineGuid    REG_SZ    0f4b6c1e-2d3a-4b5c-9d8e-7f6a5b4c3d2e\r\n';
    expect(readMachineId(machine('win32', {}, { reg }))).toEqual({ source: 'machine-guid', value: '0f4b6c1e-2d3a-4b5c-9d8e-7f6a5b4c3d2e' });
  });

  it('falls back to the host name and the first MAC address', () => {
    expect(readMachineId(machine('linux', {}, {}, '52:54:00:12:34:56'))).toEqual({ source: 'host-and-mac', value: 'lab-pc-4|52:54:00:12:34:56' });
    expect(readMachineId(machine('darwin', {}, { ioreg: 'no uuid here' }))).toEqual({ source: 'host-and-mac', value: 'lab-pc-4|no-mac' });
  });

  it('reads this machine without failing', () => {
    expect(readMachineId(thisMachine).value.length).toBeGreaterThan(0);
  });
});

describe('the default fingerprint', () => {
  const linux = machine('linux', { '/etc/machine-id': 'abc123' });

  it('is the SHA-256 of product and machine id, so the raw id never appears', () => {
    const expected = createHash('sha256').update('airlock-device-fingerprint\0studio\0machine-id\0abc123').digest('base64url');
    expect(machineFingerprint('studio', linux)).toBe(expected);
    expect(expected).not.toContain('abc123');
    expect(checkFingerprint(expected)).toBe(expected);
  });

  it('is stable for one machine and product, and differs between products and machines', () => {
    expect(machineFingerprint('studio', linux)).toBe(machineFingerprint('studio', linux));
    expect(machineFingerprint('studio', linux)).not.toBe(machineFingerprint('other', linux));
    expect(machineFingerprint('studio', linux)).not.toBe(machineFingerprint('studio', machine('linux', { '/etc/machine-id': 'abc124' })));
  });

  it('is the same at every start of this machine', () => {
    expect(machineFingerprint('studio')).toBe(machineFingerprint('studio'));
  });
});

describe('a fingerprint the application supplies', () => {
  it.each(['', 'has space', 'é', 'x'.repeat(129), 'tab\there'])('is refused when it is %j', (value) => {
    expect(() => checkFingerprint(value)).toThrow(expect.objectContaining({ code: 'REQUEST_INVALID' }));
  });
});
