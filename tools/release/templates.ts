import type { ServerSpec } from './servers.ts';

/**
 * The text files an artefact carries besides the code: the launcher, the systemd unit, the
 * configuration, the install note, and the Debian package's control file and maintainer
 * scripts. Every one is plain POSIX sh or a documented file format, readable by the operator
 * who installs it.
 */

/** Where the Debian package installs the tree; the tarball's note suggests the same place. */
export const installDirOf = (server: ServerSpec): string => `/opt/${server.user}`;
export const envFileOf = (server: ServerSpec): string => `/etc/airlock/${server.name}.env`;

/**
 * `bin/airlock`: runs the server's command on the Node.js runtime carried in the same tree,
 * never on one found on PATH. It follows symbolic links to itself, so it may be linked from
 * anywhere.
 */
export function launcher(server: ServerSpec, version: string, binPath: string): string {
  return `#!/bin/sh
# ${server.title} ${version}: runs \`${server.command}\` on the Node.js runtime carried in this tree.
#   bin/airlock ${server.verb} start     bin/airlock --version     bin/airlock --help
set -e
self=$0
while [ -L "$self" ]; do
  target=$(readlink "$self")
  case $target in
    /*) self=$target ;;
    *) self=\${self%/*}/$target ;;
  esac
done
case $self in
  */*) here=\${self%/*} ;;
  *) here=. ;;
esac
root=$(cd -P "$here/.." && pwd -P)
exec "$root/node/bin/node" "$root/lib/node_modules/${server.packageName}/${binPath}" "$@"
`;
}

/**
 * `/usr/bin/airlock-<name>` of the Debian package: reads the package's configuration
 * (variables already set in the environment win), then runs the installed launcher.
 */
export function debianCommand(server: ServerSpec): string {
  return `#!/bin/sh
# ${server.title}: runs ${installDirOf(server)}/bin/airlock with the settings of ${envFileOf(server)}
# (variables already set in the environment win; AIRLOCK_ENV_FILE names another file).
set -e
env_file=\${AIRLOCK_ENV_FILE:-${envFileOf(server)}}
if [ -r "$env_file" ]; then
  while IFS= read -r line || [ -n "$line" ]; do
    case $line in
      ''|'#'*) continue ;;
    esac
    key=\${line%%=*}
    case $key in
      ''|[0-9]*|*[!A-Za-z0-9_]*) continue ;;
    esac
    if eval "[ -n \\"\\\${$key+set}\\" ]"; then continue; fi
    export "$key=\${line#*=}"
  done < "$env_file"
fi
exec ${installDirOf(server)}/bin/airlock "$@"
`;
}

export function systemdUnit(server: ServerSpec): string {
  return `[Unit]
Description=${server.title} (Airlock license server)
Documentation=file://${installDirOf(server)}/INSTALL.md
After=network.target

[Service]
Type=simple
User=${server.user}
Group=${server.user}
EnvironmentFile=${envFileOf(server)}
ExecStart=${installDirOf(server)}/bin/airlock ${server.verb} start
# SIGTERM lets the requests under way finish${server.name === 'site' ? ' and saves a checkpoint' : ''}.
KillSignal=SIGTERM
TimeoutStopSec=60
Restart=on-failure
# Exit code 2: configuration to fix, or data a newer release wrote. Restarting cannot help.
RestartPreventExitStatus=2
UMask=0077
NoNewPrivileges=yes
PrivateTmp=yes
ProtectSystem=strict
ProtectHome=yes
${server.stateDirectories.map((directory) => `ReadWritePaths=${directory}`).join('\n')}

[Install]
WantedBy=multi-user.target
`;
}

export function environmentFile(server: ServerSpec): string {
  const lines = server.environment.map(([name, value, meaning]) => `# ${meaning}\n${name}=${value}`);
  return `# ${server.title}: read by ${server.user}.service and by the ${server.command} command.
# Plain NAME=value lines, no quotes. Every variable is described in ${installDirOf(server)}/INSTALL.md.

${lines.join('\n\n')}
`;
}

export function debianControl(server: ServerSpec, version: string, installedKib: number, nodeVersion: string): string {
  return `Package: ${server.user}
Version: ${version}
Architecture: amd64
Maintainer: Airlock <airlock@localhost>
Installed-Size: ${installedKib}
Depends: adduser, libc6 (>= 2.28), libstdc++6, libgcc-s1
Section: net
Priority: optional
Homepage: https://github.com/airlock-licensing/airlock
Description: ${server.title}, the ${server.name === 'site' ? "customer's on-premises license server" : "vendor's license server"}
 ${server.name === 'site'
    ? 'Holds, enforces and records the licenses of an installation that the\n internet does not reach; licenses arrive as files from the vendor.'
    : 'Issues the licenses of software that runs where the internet does not\n reach: offline license files, device licenses, orders and their letters.'}
 Carries its own Node.js runtime (${nodeVersion}) under ${installDirOf(server)}.
`;
}

export function postinst(server: ServerSpec): string {
  const directories = server.stateDirectories.join(' ');
  return `#!/bin/sh
set -e
if [ "$1" = configure ]; then
  if ! getent passwd ${server.user} >/dev/null; then
    adduser --system --group --quiet --home ${server.stateDirectories[0]} --no-create-home --shell /usr/sbin/nologin --gecos "${server.title}" ${server.user}
  fi
  for directory in ${directories}; do
    # Kept across remove and purge: after a purge and a new install, the new user gets them back.
    install -d -m 0700 -o ${server.user} -g ${server.user} "$directory"
    chown -R ${server.user}:${server.user} "$directory"
  done
  chown root:${server.user} ${envFileOf(server)}
  chmod 0640 ${envFileOf(server)}
  if [ -d /run/systemd/system ]; then
    systemctl daemon-reload || true
    if [ -e /run/${server.user}.restart ]; then
      rm -f /run/${server.user}.restart
      systemctl start ${server.user}.service || true
    fi
  fi
fi
exit 0
`;
}

export function prerm(server: ServerSpec): string {
  return `#!/bin/sh
set -e
case "$1" in
  remove|upgrade|deconfigure)
    if [ -d /run/systemd/system ] && systemctl is-active --quiet ${server.user}.service; then
      # Stopped before its files change; an upgrade starts it again once configured.
      [ "$1" = upgrade ] && touch /run/${server.user}.restart
      systemctl stop ${server.user}.service
    fi
    ;;
esac
exit 0
`;
}

export function postrm(server: ServerSpec): string {
  const directories = server.stateDirectories.join(' ');
  return `#!/bin/sh
set -e
case "$1" in
  remove)
    [ -d /run/systemd/system ] && systemctl daemon-reload || true
    ;;
  purge)
    [ -d /run/systemd/system ] && systemctl daemon-reload || true
    rm -f /run/${server.user}.restart
    rmdir --ignore-fail-on-non-empty /etc/airlock 2>/dev/null || true
    if getent passwd ${server.user} >/dev/null; then deluser --system --quiet ${server.user} 2>/dev/null || true; fi
    if getent group ${server.user} >/dev/null; then delgroup --system --quiet ${server.user} 2>/dev/null || true; fi
    for directory in ${directories}; do
      if [ -d "$directory" ]; then
        echo "${server.user}: kept $directory, with ${server.name === 'site' ? "the site's identity, keys and ledger (and their witness)" : "the authority's database and keys"}: remove it by hand to forget them." >&2
      fi
    done
    ;;
esac
exit 0
`;
}

export function installNote(server: ServerSpec, version: string, nodeVersion: string): string {
  const dir = installDirOf(server);
  const tarball = `airlock-${server.name}-${version}-linux-x64.tar.gz`;
  const deb = `${server.user}_${version}_amd64.deb`;
  const first = server.name === 'site'
    ? `4. Put the site's passphrase (12 characters or more; it seals the site's keys) in
   /etc/airlock/site.passphrase, mode 0640, owner root, group ${server.user}.
5. Initialise the site once, with the authority's root key that the vendor gave you:

       sudo -u ${server.user} ${server.command} site init --root-key root.jwk

   It prints the site's GUID, each tenant's Registration Key and the first administrator's
   one-time password. Give the GUID to the vendor.
6. Start it: \`systemctl enable --now ${server.user}\`. Check \`curl http://127.0.0.1:7400/readyz\`.
7. Run the offline cycle with \`sudo -u ${server.user} ${server.command} site token install …\`,
   \`site lfr generate\`, \`site olf install\` (README, "Running a site").`
    : `4. Optionally put a key passphrase in /etc/airlock/authority.passphrase (mode 0640, owner
   root, group ${server.user}) and uncomment AIRLOCK_KEY_FILE; otherwise the first start creates
   /var/lib/airlock-authority/authority.key. Back it up with the data.
5. Start it: \`systemctl enable --now ${server.user}\`. The first start prints the first
   administrator's one-time password and the root key (\`journalctl -u ${server.user}\`).
   Check \`curl http://127.0.0.1:7300/readyz\`.
6. Export the root key that sites and apps pin: \`${server.command} authority keys export-root --out root.jwk\`.`;
  return `# ${server.title} ${version}: installing

Platforms: Linux x86-64 with glibc 2.28 or later (Debian 10+, Ubuntu 20.04+, RHEL 8+).
This artefact carries its own Node.js runtime (${nodeVersion}, in \`node/\`) and every
production dependency with its native prebuilds: the host needs no Node.js, no npm and no
network. It never runs a Node.js found on PATH.

## From the Debian package (${deb})

1. Copy \`${deb}\` and \`SHA256SUMS\` to the host; check with \`sha256sum --ignore-missing -c SHA256SUMS\`.
2. \`dpkg -i ${deb}\` installs the tree under ${dir}, the command \`/usr/bin/${server.command}\`,
   the unit \`${server.user}.service\` (not enabled), the system user \`${server.user}\`, the
   directories ${server.stateDirectories.join(' and ')} (mode 0700), and the configuration
   ${envFileOf(server)} (a conffile: your edits survive upgrades).
3. Edit ${envFileOf(server)}. \`${server.command}\` reads it too, so commands you run as
   \`sudo -u ${server.user} ${server.command} …\` see the same data directory.
${first}

\`dpkg -r ${server.user}\` stops the service and removes the program; the data and the
configuration stay. \`dpkg -P ${server.user}\` also removes the configuration and the user;
the data directories stay (they hold what cannot be made again), with a message saying so.

## From the tarball (${tarball})

1. Check it: \`sha256sum --ignore-missing -c SHA256SUMS\`.
2. \`tar -xzf ${tarball} -C /opt && mv /opt/airlock-${server.name}-${version}-linux-x64 ${dir}\`
   (any directory works: \`bin/airlock\` finds its runtime beside itself).
3. Create a system user \`${server.user}\` and its directories ${server.stateDirectories.join(', ')} (mode 0700),
   copy \`systemd/${server.user}.service\` to /etc/systemd/system/ and \`systemd/${server.name}.env\`
   to ${envFileOf(server)}, then follow the steps of the package above from step 3, with
   \`${dir}/bin/airlock\` in place of \`${server.command}\` (set the variables of
   ${envFileOf(server)} in your shell for commands you run by hand).

## Upgrading

Stop the server, back up its data${server.name === 'site' ? ' directory (and its witness directory, separately)' : ' (the data directory, or your PostgreSQL database)'}, install the new
artefact (\`dpkg -i\` the new package, which stops and restarts a running service, or extract
the new tarball in place of the old tree), start it. ${server.name === 'site'
    ? 'The site reads data directories of earlier releases as they are.'
    : 'The authority applies its database migrations at start (every replica may start together: each migration runs once).'}

Going back to an older release is refused, never guessed: an older ${server.name} exits with code 2
and ${server.name === 'site' ? '`SITE_DATA_TOO_NEW`' : '`DATABASE_TOO_NEW`'} on data a newer release wrote, and writes nothing. Reinstall
the newer release, or restore the backup taken before the upgrade.
`;
}
