/**
 * Route labels for metrics and logs: a request path mapped onto the route pattern it
 * belongs to ('/platform/accounts/AC00000042-01' → '/platform/accounts/:id'), so that a
 * label never carries an identifier and the number of series stays bounded whatever
 * clients (or scanners) send. A path no pattern matches becomes UNMATCHED_ROUTE.
 *
 * Patterns are '/'-separated segments: a literal, ':name' (exactly one non-empty
 * segment) or a final '*' (any rest, including none). Literals win over parameters,
 * with backtracking, so '/a/b/y' and '/a/:id/x' can live side by side.
 */

export const UNMATCHED_ROUTE = 'unmatched';

export type RouteMatcher = (path: string) => string;

interface RouteNode {
  readonly literals: Map<string, RouteNode>;
  param: RouteNode | undefined;
  /** The pattern of a '*' child: it matches whatever is left. */
  rest: string | undefined;
  /** The pattern that ends exactly here. */
  route: string | undefined;
}

const SLASH = 0x2f;

const node = (): RouteNode => ({ literals: new Map(), param: undefined, rest: undefined, route: undefined });

export function createRouteMatcher(patterns: readonly string[]): RouteMatcher {
  const root = node();
  for (const pattern of patterns) add(root, pattern);
  // '*' (OPTIONS *) and absolute-form targets (proxies) are not paths of ours.
  return (path) => (path.charCodeAt(0) === SLASH ? match(root, path, 1) : undefined) ?? UNMATCHED_ROUTE;
}

function add(root: RouteNode, pattern: string): void {
  if (!pattern.startsWith('/')) throw new TypeError(`route pattern ${JSON.stringify(pattern)} must start with '/'`);
  const segments = pattern.slice(1).split('/');
  let at = root;
  for (const [index, segment] of segments.entries()) {
    if (segment === '*') {
      if (index !== segments.length - 1) throw new TypeError(`route pattern ${JSON.stringify(pattern)}: '*' must be the last segment`);
      at.rest = pattern;
      return;
    }
    if (segment.startsWith(':')) {
      at.param ??= node();
      at = at.param;
    } else {
      let next = at.literals.get(segment);
      if (!next) at.literals.set(segment, (next = node()));
      at = next;
    }
  }
  at.route = pattern;
}

/** Matches the segment that starts at `from` (just after a '/') and the rest after it; no arrays per request. */
function match(at: RouteNode, path: string, from: number): string | undefined {
  const slash = path.indexOf('/', from);
  const end = slash < 0 ? path.length : slash;
  const segment = path.slice(from, end);
  const literal = at.literals.get(segment);
  if (literal) {
    const found = slash < 0 ? literal.route ?? literal.rest : match(literal, path, slash + 1);
    if (found) return found;
  }
  if (at.param && segment !== '') {
    const found = slash < 0 ? at.param.route ?? at.param.rest : match(at.param, path, slash + 1);
    if (found) return found;
  }
  return at.rest;
}
