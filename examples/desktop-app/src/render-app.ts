import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { Airlock, isAirlockError, type AirlockOptions, type DeviceLicense } from '@airlock/sdk';

/**
 * `render`: a small desktop tool licensed with @airlock/sdk, and nothing else of Airlock's.
 * Rendering a scene is metered (`renders`); writing the result to a file needs the `export`
 * feature. Each run opens the license afresh, as a program started from a shell would.
 *
 * ```text
 * render status
 * render request-activation (--key <license key> | --user <name>) --out <file>
 * render activate (--key <license key> | --user <name> --password <p>)     (online)
 * render install <license file>
 * render scene <name> [--export <file>]
 * render request-refresh --out <file>
 * render apply-refresh <refresh file>
 * render refresh                                                          (online)
 * render check-in                                                         (online)
 * render deactivate --out <file> | --online
 * ```
 *
 * Exit codes: 0 done, 1 refused by the license (its code is printed), 2 usage error.
 */

export const PRODUCT = 'render-studio';

/** What the app is told about its licensing, once: where its store is, what it trusts. */
export type RenderAppConfig = Omit<AirlockOptions, 'product'>;

export interface RunResult {
  readonly exitCode: 0 | 1 | 2;
  readonly output: string;
}

type Command = (airlock: Airlock, args: readonly string[], values: Values) => Promise<string>;
interface Values {
  readonly key?: string | undefined;
  readonly user?: string | undefined;
  readonly password?: string | undefined;
  readonly out?: string | undefined;
  readonly export?: string | undefined;
  readonly online?: boolean | undefined;
}

class UsageError extends Error {}

/** A refusal the app decided from a check result (`{ ok: false, code }`), printed as the SDK's are. */
class Refused extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

/**
 * Runs one command of the render tool and says what it printed.
 *
 * @example
 * ```ts
 * const { exitCode, output } = await runRenderApp(['scene', 'turbine', '--export', 'turbine.png'], config);
 * ```
 */
export async function runRenderApp(argv: readonly string[], config: RenderAppConfig): Promise<RunResult> {
  try {
    const { positionals, values } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        key: { type: 'string' },
        user: { type: 'string' },
        password: { type: 'string' },
        out: { type: 'string' },
        export: { type: 'string' },
        online: { type: 'boolean' },
      },
    });
    const [name, ...args] = positionals;
    const command = name === undefined ? undefined : commands[name];
    if (!command) throw new UsageError(`unknown command ${name ?? '(none)'}: try status, request-activation, install, scene, deactivate`);
    const airlock = await Airlock.open({ ...config, product: PRODUCT });
    return { exitCode: 0, output: await command(airlock, args, values) };
  } catch (error) {
    if (isAirlockError(error)) return { exitCode: 1, output: `refused: ${error.code}: ${error.message}` };
    if (error instanceof Refused) return { exitCode: 1, output: `refused: ${error.code}` };
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error)) return { exitCode: 2, output: error.message };
    throw error;
  }
}

function describeLicense(license: DeviceLicense, airlock: Airlock): string {
  const until = license.validUntil ? `until ${license.validUntil.toISOString().slice(0, 10)}` : 'with no end';
  const renders = airlock.usage('renders');
  const meter = renders ? `renders ${renders.used}/${renders.limit ?? '∞'}` : 'no renders';
  return `licensed: ${license.licenseId} (${license.kind}, revision ${license.revision}) ${until}; features: ${license.features.join(', ') || 'none'}; ${meter}`;
}

function credentialOf(values: Values): { licenseKey: string } | { username: string } {
  if (values.key) return { licenseKey: values.key };
  if (values.user) return { username: values.user };
  throw new UsageError('give --key <license key> or --user <name>');
}

function required(value: string | undefined, what: string): string {
  if (!value) throw new UsageError(`missing ${what}`);
  return value;
}

const commands: Record<string, Command> = {
  async status(airlock) {
    const result = airlock.check();
    return result.ok ? describeLicense(result.license, airlock) : `not licensed: ${result.code}`;
  },

  async 'request-activation'(airlock, _args, values) {
    const out = required(values.out, '--out <file>');
    await writeFile(out, await airlock.createActivationRequest(credentialOf(values)));
    return `Wrote the activation request to ${out}: upload it on the licensing portal, then run "render install <license file>".`;
  },

  async activate(airlock, _args, values) {
    const license = values.user
      ? await airlock.activate({ username: values.user, password: required(values.password, '--password') })
      : await airlock.activate({ licenseKey: required(values.key, '--key <license key> or --user <name>') });
    return describeLicense(license, airlock);
  },

  async install(airlock, args) {
    const license = await airlock.installLicenseFile(await readFile(required(args[0], 'the license file'), 'utf8'));
    return describeLicense(license, airlock);
  },

  async scene(airlock, args, values) {
    const scene = required(args[0], 'the scene name');
    // Check the feature before consuming: a refused export must not cost a render.
    if (values.export !== undefined) {
      const feature = airlock.checkFeature('export');
      if (!feature.ok) throw new Refused(feature.code);
    }
    const { used, limit } = await airlock.consume('renders', 1);
    const rendered = `rendered ${scene}`;
    if (values.export !== undefined) await writeFile(values.export, `${rendered}\n`);
    return `${rendered} (render ${used} of ${limit ?? '∞'})${values.export ? `, exported to ${values.export}` : ''}`;
  },

  async 'request-refresh'(airlock, _args, values) {
    const out = required(values.out, '--out <file>');
    await writeFile(out, await airlock.createRefreshRequest());
    return `Wrote the refresh request to ${out}: upload it on the licensing portal, then run "render apply-refresh <file>".`;
  },

  async 'apply-refresh'(airlock, args) {
    return describeLicense(await airlock.applyRefreshFile(await readFile(required(args[0], 'the refresh file'), 'utf8')), airlock);
  },

  async refresh(airlock) {
    const { status, applied } = await airlock.refresh();
    return `authority says ${status}; ${applied ? 'a newer license is now in force' : 'the license is current'}`;
  },

  async 'check-in'(airlock) {
    const { reported } = await airlock.checkIn();
    const renders = reported.find((line) => line.meter === 'renders')?.amount ?? 0;
    return `reported ${renders} render${renders === 1 ? '' : 's'} to the authority`;
  },

  async deactivate(airlock, _args, values) {
    if (values.online) {
      await airlock.deactivate({ online: true });
      return 'Deactivated: the authority has freed this device’s activation.';
    }
    const out = required(values.out, '--out <file> or --online');
    const { text } = await airlock.deactivate();
    await writeFile(out, text);
    return `Deactivated. Upload ${out} on the licensing portal to free the activation.`;
  },
};
