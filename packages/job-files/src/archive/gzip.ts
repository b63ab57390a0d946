import { constants, createGunzip, createGzip, type Gunzip, type Gzip } from "node:zlib";

// Level 1: caches and workspaces are mostly already-compressed or quick to rebuild, and
// CircleCI users complain about slow saves far more than about storage size (see the
// README for measured figures).
const SPEED_LEVEL = constants.Z_BEST_SPEED;

export function createFastGzip(): Gzip {
  return createGzip({ level: SPEED_LEVEL });
}

export function createGunzipStream(): Gunzip {
  return createGunzip();
}
