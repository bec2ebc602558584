/**
 * Reads a module folder as the manifest covers it: every regular file at any depth —
 * hidden files, tests, source maps included — except the manifest and its signature at the
 * top. A symbolic link, a special file (FIFO, socket, device) or a name that cannot be
 * recorded unambiguously is reported as unsafe, never skipped. Each file is opened once
 * without following links, checked to be a regular file on the open handle, and read from
 * that handle: the bytes hashed are exactly the bytes read.
 */
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, open, readdir } from 'node:fs/promises';
import path from 'node:path';
import { MANIFEST_FILE, SIGNATURE_FILE, compareManifestPaths, isSafeFileName, type ManifestEntry } from './manifest.js';

/** Temporary names `signModule` writes before renaming; reserved at the top of a module. */
export const MANIFEST_TEMP_FILE = `${MANIFEST_FILE}.tmp`;
export const SIGNATURE_TEMP_FILE = `${SIGNATURE_FILE}.tmp`;

const RESERVED = new Set([MANIFEST_FILE, SIGNATURE_FILE]);

// O_NOFOLLOW: a link swapped in after the directory listing fails to open instead of being
// followed. O_NONBLOCK: a FIFO swapped in does not block the open (regular files ignore it).
const READ_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

export interface UnsafeEntry {
  readonly path: string;
  readonly reason: string;
}

export interface ModuleContent {
  /** Sorted by the UTF-8 bytes of the path. */
  readonly files: readonly ManifestEntry[];
  readonly unsafe: readonly UnsafeEntry[];
}

export async function readModuleContent(moduleDir: string): Promise<ModuleContent> {
  const files: ManifestEntry[] = [];
  const unsafe: UnsafeEntry[] = [];
  await walk(moduleDir, '', files, unsafe);
  files.sort((a, b) => compareManifestPaths(a.path, b.path));
  unsafe.sort((a, b) => compareManifestPaths(a.path, b.path));
  return { files, unsafe };
}

async function walk(root: string, relativeDir: string, files: ManifestEntry[], unsafe: UnsafeEntry[]): Promise<void> {
  const entries = await readdir(relativeDir === '' ? root : path.join(root, ...relativeDir.split('/')), { withFileTypes: true });
  for (const entry of entries) {
    if (relativeDir === '' && RESERVED.has(entry.name)) continue;
    const relative = relativeDir === '' ? entry.name : `${relativeDir}/${entry.name}`;
    if (!isSafeFileName(entry.name)) unsafe.push({ path: relative, reason: 'has a name with a control character, a backslash or bytes that are not UTF-8' });
    else if (entry.isSymbolicLink()) unsafe.push({ path: relative, reason: 'is a symbolic link (links are refused, not followed)' });
    else if (entry.isDirectory()) await walk(root, relative, files, unsafe);
    else if (entry.isFile()) {
      const read = await readRegularFile(path.join(root, ...relative.split('/')));
      if (read === 'vanished') continue; // deleted while listing: the comparison reports it missing
      if (read === 'not-regular') unsafe.push({ path: relative, reason: 'was replaced by a link or special file while being read' });
      else files.push({ path: relative, sha256: createHash('sha256').update(read).digest('hex'), size: read.length });
    } else unsafe.push({ path: relative, reason: 'is not a regular file (FIFO, socket or device)' });
  }
}

/** The bytes of a regular file, opened once without following a final symbolic link. */
export async function readRegularFile(file: string, maxBytes?: number): Promise<Buffer | 'vanished' | 'not-regular' | 'too-large'> {
  let handle;
  try {
    handle = await open(file, READ_FLAGS);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'vanished';
    if (code === 'ELOOP' || code === 'EISDIR') return 'not-regular';
    throw error;
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) return 'not-regular';
    if (maxBytes !== undefined && stat.size > maxBytes) return 'too-large';
    const bytes = await handle.readFile();
    return maxBytes !== undefined && bytes.length > maxBytes ? 'too-large' : bytes;
  } finally {
    await handle.close();
  }
}

/** What is at a module folder's own path: only a real directory is a module. */
export async function moduleDirectoryKind(dir: string): Promise<'directory' | 'missing' | 'symbolic link' | 'not a directory'> {
  try {
    const stat = await lstat(dir);
    return stat.isDirectory() ? 'directory' : stat.isSymbolicLink() ? 'symbolic link' : 'not a directory';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return 'missing';
    throw error;
  }
}
