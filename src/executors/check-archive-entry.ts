import { posix } from 'node:path';

/** Entry types an artifact archive may hold; devices and FIFOs have no business in one. */
const ALLOWED_TYPES = new Set(['File', 'OldFile', 'ContiguousFile', 'Directory', 'SymbolicLink', 'Link']);

/** The parts of a tar entry the check looks at. */
export interface ArchiveEntryHeader {
  path: string;
  type: string;
  linkpath?: string;
}

/**
 * Why an entry would escape the artifact being unpacked, or undefined when it stays inside: absolute paths,
 * `..` components, device nodes, and links whose target leaves the artifact's top-level entry are refused
 * (node-tar also guards against these; an explicit check turns them into a clear failure, not a warning).
 */
export function checkArchiveEntry(entry: ArchiveEntryHeader): string | undefined {
  const path = entry.path.replace(/\/+$/, '');
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return 'has an absolute path';
  const parts = path.split('/');
  if (parts.includes('..')) return 'contains ".."';
  if (!ALLOWED_TYPES.has(entry.type)) return `is a ${entry.type}, which artifacts may not contain`;
  if (entry.type !== 'SymbolicLink' && entry.type !== 'Link') return undefined;
  const link = entry.linkpath ?? '';
  if (link === '' || link.startsWith('/')) return `links to ${JSON.stringify(link)}, outside the artifact`;
  const top = parts.find((p) => p !== '' && p !== '.') ?? '';
  if (path.replace(/^(\.\/)+/, '') === top) return 'is a link at the top of the artifact';
  const resolved = entry.type === 'Link' ? posix.normalize(link) : posix.normalize(posix.join(posix.dirname(path), link));
  return resolved === top || resolved.startsWith(`${top}/`) ? undefined : `links to ${JSON.stringify(link)}, outside the artifact`;
}
