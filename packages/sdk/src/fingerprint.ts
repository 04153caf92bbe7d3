import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname, networkInterfaces, platform } from 'node:os';
import { AirlockError } from '@airlock/core';

/**
 * A device fingerprint: what the device's license is bound to. By default it is derived from
 * an identifier the operating system keeps for the machine, hashed together with the product
 * (SHA-256), so the raw identifier never leaves the machine and two products on one machine
 * get unrelated fingerprints. The application may supply its own instead (a dongle serial, a
 * VM's instance id), as text or as a function (`fingerprint` of `Airlock.open`), and may build it
 * from `machineFingerprint` and `readMachineId`.
 */

/** Where a machine identifier comes from, in the order they are tried. */
export type MachineIdSource = 'machine-id' | 'dbus-machine-id' | 'io-platform-uuid' | 'machine-guid' | 'host-and-mac';

export interface MachineId {
  readonly source: MachineIdSource;
  readonly value: string;
}

/** What the machine identifiers are read from; the defaults read this machine. Tests pass fakes. */
export interface MachineProbe {
  readonly platform: string;
  /** The file's text, or undefined when it cannot be read. */
  readFile(path: string): string | undefined;
  /** The command's standard output, or undefined when it fails. */
  run(command: string, args: readonly string[]): string | undefined;
  hostname(): string;
  /** The MAC address of the first non-internal network interface that has a real one. */
  firstMac(): string | undefined;
}

/** The probe of the machine this process runs on. */
export const thisMachine: MachineProbe = {
  platform: platform(),
  readFile(path) {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  },
  run(command, args) {
    try {
      return execFileSync(command, [...args], { encoding: 'utf8', timeout: 5_000, stdio: ['ignore', 'pipe', 'ignore'], windowsHide: true });
    } catch {
      return undefined;
    }
  },
  hostname: () => hostname(),
  firstMac() {
    const all = Object.values(networkInterfaces()).flatMap((addresses) => addresses ?? []);
    return all.find((address) => !address.internal && address.mac !== '00:00:00:00:00:00')?.mac;
  },
};

const IO_PLATFORM_UUID = /"IOPlatformUUID"\s*=\s*"([^"]+)"/;
const MACHINE_GUID = /MachineGuid\s+REG_SZ\s+(\S+)/;

/**
 * The most stable identifier this machine offers: /etc/machine-id or the D-Bus machine id on
 * Linux, IOPlatformUUID on macOS, MachineGuid on Windows; else the host name with the first
 * non-internal MAC address (which changes when the machine is renamed or its card replaced,
 * hence last).
 */
export function readMachineId(probe: MachineProbe = thisMachine): MachineId {
  const fromFile = (source: MachineIdSource, path: string): MachineId | undefined => {
    const value = probe.readFile(path)?.trim();
    return value ? { source, value } : undefined;
  };
  const fromCommand = (source: MachineIdSource, command: string, args: readonly string[], pattern: RegExp): MachineId | undefined => {
    const value = pattern.exec(probe.run(command, args) ?? '')?.[1]?.trim();
    return value ? { source, value } : undefined;
  };
  const found =
    (probe.platform === 'linux' || probe.platform === 'freebsd'
      ? (fromFile('machine-id', '/etc/machine-id') ?? fromFile('dbus-machine-id', '/var/lib/dbus/machine-id'))
      : undefined) ??
    (probe.platform === 'darwin' ? fromCommand('io-platform-uuid', 'ioreg', ['-rd1', '-c', 'IOPlatformExpertDevice'], IO_PLATFORM_UUID) : undefined) ??
    (probe.platform === 'win32'
      ? fromCommand('machine-guid', 'reg', ['query', 'HKLM\\SOFTWARE\\Microsoft\\Cryptography', '/v', 'MachineGuid'], MACHINE_GUID)
      : undefined);
  return found ?? { source: 'host-and-mac', value: `${probe.hostname()}|${probe.firstMac() ?? 'no-mac'}` };
}

/**
 * The default fingerprint of this device for a product: base64url(SHA-256) of the product and
 * the machine identifier, 43 characters. Stable across restarts for as long as the identifier is.
 * An application's own strategy may build on it, e.g. binding the license to the machine and a
 * dongle together.
 *
 * @example
 * ```ts
 * const fingerprint = machineFingerprint('studio'); // 'q1Vt3...' — the same at every start
 * const airlock = await Airlock.open({ ...options,
 *   fingerprint: async () => `${machineFingerprint('studio')}.${await readDongleSerial()}` });
 * ```
 */
export function machineFingerprint(product: string, probe: MachineProbe = thisMachine): string {
  const id = readMachineId(probe);
  return createHash('sha256').update(`airlock-device-fingerprint\0${product}\0${id.source}\0${id.value}`).digest('base64url');
}

const FINGERPRINT = /^[\x21-\x7E]{1,128}$/;

/**
 * A fingerprint the application supplies: 1–128 visible ASCII characters (REQUEST_INVALID
 * otherwise). `Airlock.open` applies it to the `fingerprint` option, text or a function's answer.
 *
 * @example
 * ```ts
 * checkFingerprint(`${machineFingerprint('studio')}.dongle-7731`); // returned as it is
 * checkFingerprint('my machine');                                  // throws REQUEST_INVALID
 * ```
 */
export function checkFingerprint(value: unknown): string {
  if (typeof value !== 'string' || !FINGERPRINT.test(value)) {
    throw new AirlockError('REQUEST_INVALID', { field: 'fingerprint', reason: 'must be 1 to 128 visible ASCII characters' });
  }
  return value;
}
