import { fdatasync, fdatasyncSync, fsync, fsyncSync } from 'node:fs';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { NodeFS } from '@electric-sql/pglite/nodefs';

const fdatasyncAsync = promisify(fdatasync);
const fsyncAsync = promisify(fsync);

/**
 * The start parameters of the embedded PostgreSQL: PGlite's own, without `-F` (which turns
 * fsync off), and with `wal_sync_method=fsync`, the one call the WebAssembly runtime passes on
 * to the file system (its fdatasync does nothing). With fsync on, PostgreSQL asks for every
 * flush its crash safety rests on: the WAL at each commit, data files and directories at each
 * checkpoint, new WAL segments and their directory.
 */
export const durableStartParams: readonly string[] = [
  ...PGlite.defaultStartParams.filter((parameter) => parameter !== '-F'),
  '-c',
  'fsync=on',
  '-c',
  'wal_sync_method=fsync',
];

/** The slice of the Emscripten runtime the durable file system reaches into. */
interface EmscriptenNode {
  readonly mode: number;
}
interface EmscriptenStream {
  readonly node: EmscriptenNode;
  readonly nfd?: number;
  readonly shared: { refcount: number };
}
interface NodeFsStreamOps {
  write(stream: EmscriptenStream, ...rest: unknown[]): number;
  close(stream: EmscriptenStream): void;
  fsync?(stream: EmscriptenStream): number;
}
interface EmscriptenModule {
  readonly NODEFS: { stream_ops: NodeFsStreamOps; realPath(node: EmscriptenNode): string };
  readonly FS: { isDir(mode: number): boolean; ErrnoError: new (errno: number) => Error };
}

interface Pending {
  readonly path: string;
  readonly directory: boolean;
}

const EIO = 29; // Emscripten's errno numbering

/**
 * PGlite's Node file system on a directory, made durable: PostgreSQL inside runs with fsync
 * on, and every fsync it asks for reaches the disk. Those on the WAL — one per commit — are
 * deferred and grouped: `sync()`, called by the Kysely dialect once a statement has committed,
 * resolves when every WAL flush asked for before the call is on disk, one fdatasync (on the
 * thread pool, off the event loop) serving every commit that arrived meanwhile. PostgreSQL's own ordering — the WAL on disk before a data
 * page is written, data files on disk before a checkpoint is recorded — is kept: a write to any
 * file outside `pg_wal`, and any other fsync, first flushes the deferred WAL, synchronously.
 */
export class DurableNodeFS extends NodeFS {
  /** WAL files (by descriptor) PostgreSQL asked to flush and that are not flushed yet. */
  readonly #pending = new Map<number, Pending>();
  /** Descriptors an asynchronous flush is working on. */
  readonly #inFlight = new Map<number, Pending>();
  /** Descriptors closed (after a synchronous flush) while an asynchronous flush held them. */
  readonly #closedInFlight = new Set<number>();
  readonly #isWal = new WeakMap<EmscriptenNode, boolean>();
  #requested = 0;
  #durable = 0;
  #flushing: Promise<void> | null = null;
  #failure: Error | null = null;
  /** fdatasync and fsync calls made, for the benchmarks and tests. */
  readonly counts = { grouped: 0, immediate: 0 };

  override async init(pg: PGlite, options: Parameters<NodeFS['init']>[1]): ReturnType<NodeFS['init']> {
    const result = await super.init(pg, options);
    const preRun = [...((result.emscriptenOpts.preRun as unknown[] | undefined) ?? [])];
    preRun.push((mod: EmscriptenModule) => this.#instrument(mod));
    return { emscriptenOpts: { ...result.emscriptenOpts, preRun: preRun as never } };
  }

  /**
   * Resolves once every WAL flush PostgreSQL asked for before this call is on disk; rejects,
   * then and from then on, if the disk refused one (the store must be restarted: after a failed
   * fsync nobody knows what reached the disk).
   */
  async sync(): Promise<void> {
    const target = this.#requested;
    while (this.#durable < target) {
      if (this.#failure) throw this.#failure;
      this.#flushing ??= this.#flushGroup().finally(() => (this.#flushing = null));
      await this.#flushing;
    }
    if (this.#failure) throw this.#failure;
  }

  async #flushGroup(): Promise<void> {
    const upTo = this.#requested;
    const group = [...this.#pending];
    this.#pending.clear();
    for (const [fd, pending] of group) this.#inFlight.set(fd, pending);
    try {
      await Promise.all(
        group.map(async ([fd, pending]) => {
          this.counts.grouped++;
          try {
            await (pending.directory ? fsyncAsync(fd) : fdatasyncAsync(fd));
          } catch (error) {
            // Closed meanwhile: the close flushed it synchronously, and the number may be reused.
            if (!this.#closedInFlight.has(fd)) throw error;
          }
        }),
      );
      this.#durable = Math.max(this.#durable, upTo);
    } catch (error) {
      this.#failure = new Error(`the embedded database could not flush its log to disk: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    } finally {
      for (const [fd] of group) {
        this.#inFlight.delete(fd);
        this.#closedInFlight.delete(fd);
      }
    }
  }

  /** Flushes the deferred WAL now, on the event loop: before data is written, or a file closed. */
  #flushNow(mod: EmscriptenModule): void {
    if (this.#pending.size === 0 && this.#inFlight.size === 0) return;
    if (this.#failure) throw new mod.FS.ErrnoError(EIO);
    const upTo = this.#requested;
    try {
      for (const [fd, pending] of [...this.#inFlight, ...this.#pending]) {
        this.counts.immediate++;
        if (pending.directory) fsyncSync(fd);
        else fdatasyncSync(fd);
      }
    } catch (error) {
      this.#failure = new Error(`the embedded database could not flush its log to disk: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
      throw new mod.FS.ErrnoError(EIO);
    }
    this.#pending.clear();
    this.#durable = Math.max(this.#durable, upTo);
  }

  #instrument(mod: EmscriptenModule): void {
    const ops = mod.NODEFS.stream_ops;
    const write = ops.write.bind(ops);
    const close = ops.close.bind(ops);
    const isWal = (node: EmscriptenNode): boolean => {
      let known = this.#isWal.get(node);
      if (known === undefined) {
        known = /\/pg_wal(\/|$)/.test(mod.NODEFS.realPath(node));
        this.#isWal.set(node, known);
      }
      return known;
    };
    ops.fsync = (stream) => {
      const fd = stream.nfd;
      if (fd === undefined) return 0;
      const directory = mod.FS.isDir(stream.node.mode);
      if (isWal(stream.node)) {
        this.#requested++;
        this.#pending.set(fd, { path: mod.NODEFS.realPath(stream.node), directory });
        return 0;
      }
      this.#flushNow(mod);
      try {
        this.counts.immediate++;
        fsyncSync(fd);
      } catch (error) {
        this.#failure = new Error(`the embedded database could not flush a file to disk: ${error instanceof Error ? error.message : String(error)}`, {
          cause: error,
        });
        throw new mod.FS.ErrnoError(EIO);
      }
      return 0;
    };
    ops.write = (stream, ...rest) => {
      if ((this.#pending.size > 0 || this.#inFlight.size > 0) && !isWal(stream.node)) this.#flushNow(mod);
      return write(stream, ...rest);
    };
    ops.close = (stream) => {
      const fd = stream.nfd;
      if (fd !== undefined && stream.shared.refcount === 1 && (this.#pending.has(fd) || this.#inFlight.has(fd))) {
        this.#flushNow(mod);
        if (this.#inFlight.has(fd)) this.#closedInFlight.add(fd);
      }
      close(stream);
    };
  }
}
