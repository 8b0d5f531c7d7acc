import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type sharpModule from 'sharp';
import { lazy } from '../lazy.ts';
import type { AppContext } from '../context.ts';
import type { MediaTable } from '../db/schema.ts';
import { AppError, tooManyRequests } from '../errors.ts';
import { newId } from '../ids.ts';
import { deleteMediaOf, deleteMediaRow, findMedia, findMediaByKey, insertMedia, mediaInUse } from './media.queries.ts';

const sharp = lazy<typeof sharpModule>('sharp');

export type MediaRow = MediaTable;

/** The most an upload may weigh, and the most pixels it may decode to (a decompression bomb guard). */
export const MEDIA_MAX_BYTES = 10 * 1024 * 1024;
export const MEDIA_MAX_PIXELS = 40_000_000;
/** The widths stored; an image narrower than one is kept at its own width, never enlarged. */
export const MEDIA_WIDTHS = [480, 960, 1600] as const;
/** Formats we take in (sharp reads them); SVG is refused: it is a document that can carry script. */
const acceptedFormats = new Set(['jpeg', 'png', 'webp', 'gif', 'avif', 'tiff']);
const uploadRule = { limit: 60, windowMs: 3_600_000 };

const keyPattern = /^[A-Za-z0-9_-]{22}$/;

export function mediaDir(ctx: AppContext, ownerId: string): string {
  return path.join(ctx.config.dataDir, 'uploads', 'media', ownerId);
}

function fileOf(ctx: AppContext, m: Pick<MediaRow, 'owner_id' | 'key'>, width: number): string {
  return path.join(mediaDir(ctx, m.owner_id), `${m.key}-${width}.webp`);
}

export function widthsOf(m: Pick<MediaRow, 'widths'>): number[] {
  return m.widths.split(',').map(Number);
}

/** The site-relative address of one stored size. */
export function mediaPath(m: Pick<MediaRow, 'key'>, width: number): string {
  return `/media/${m.key}-${width}.webp`;
}

/** The size to show in a post: the largest up to 960 pixels wide. */
export function displayWidth(m: Pick<MediaRow, 'widths'>): number {
  const ws = widthsOf(m);
  return ws.filter((w) => w <= 960).at(-1) ?? ws[0]!;
}

export interface MediaView {
  readonly id: string;
  /** Absolute URL of the size to show in a post (up to 960 px wide). */
  readonly url: string;
  readonly width: number;
  readonly height: number;
  readonly alt: string;
  readonly sizes: Array<{ width: number; url: string }>;
  /** What to paste in a post's Markdown. */
  readonly markdown: string;
}

export function presentMedia(ctx: AppContext, m: MediaRow): MediaView {
  const shown = displayWidth(m);
  const url = `${ctx.config.baseUrl}${mediaPath(m, shown)}`;
  return {
    id: m.id,
    url,
    width: shown,
    height: Math.round((m.height * shown) / m.width),
    alt: m.alt,
    sizes: widthsOf(m).map((w) => ({ width: w, url: `${ctx.config.baseUrl}${mediaPath(m, w)}` })),
    markdown: `![${m.alt.replace(/[[\]\\]/g, '')}](${mediaPath(m, shown)})`,
  };
}

const notAnImage = () =>
  new AppError('unprocessable', 'This file is not an image we can read. Upload a JPEG, PNG, WebP, GIF or AVIF picture.', {
    fields: { file: 'Choose a JPEG, PNG, WebP, GIF or AVIF picture.' },
  });

export const tooLargeUpload = (field = 'file') =>
  new AppError('payload_too_large', `The image is larger than ${MEDIA_MAX_BYTES / 1024 / 1024} MB.`, {
    fields: { [field]: `Choose an image of at most ${MEDIA_MAX_BYTES / 1024 / 1024} MB.` },
  });

/**
 * Takes an uploaded image: decodes it (refusing SVG, what sharp cannot read, and images over the
 * size and pixel caps), turns it upright, and stores a few widths as WebP with no metadata at all
 * (EXIF, GPS, XMP, IPTC and ICC are dropped; colours are converted to sRGB).
 */
export async function storeImage(
  ctx: AppContext,
  owner: { id: string },
  bytes: Buffer,
  options: { alt?: string; field?: string } = {},
): Promise<MediaRow> {
  const field = options.field ?? 'file';
  const refuse = (e: AppError) => new AppError(e.code, e.message, { fields: { [field]: Object.values(e.fields ?? {})[0] ?? e.message } });
  if (bytes.length === 0) throw refuse(notAnImage());
  if (bytes.length > MEDIA_MAX_BYTES) throw tooLargeUpload(field);
  const wait = ctx.limiter.consume(`media:${owner.id}`, uploadRule);
  if (wait) throw tooManyRequests(wait);

  let meta: Awaited<ReturnType<ReturnType<typeof sharpModule>['metadata']>>;
  try {
    meta = await sharp()(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw refuse(notAnImage());
  }
  if (meta.format === 'svg') {
    throw new AppError('unprocessable', 'SVG images are not accepted, as they can carry scripts. Export it as PNG and upload that.', {
      fields: { [field]: 'SVG is not accepted: upload a PNG or JPEG.' },
    });
  }
  if (!acceptedFormats.has(meta.format ?? '') || !meta.width || !meta.height) throw refuse(notAnImage());
  const frameHeight = meta.pageHeight ?? meta.height;
  if (meta.width * frameHeight > MEDIA_MAX_PIXELS) {
    throw new AppError(
      'unprocessable',
      `The image is ${meta.width} × ${frameHeight} pixels; the most we take is ${MEDIA_MAX_PIXELS / 1_000_000} megapixels.`,
      {
        fields: { [field]: `Choose a smaller image (at most ${MEDIA_MAX_PIXELS / 1_000_000} megapixels).` },
      },
    );
  }
  // EXIF orientations 5–8 swap width and height once the picture is turned upright.
  const upright = (meta.orientation ?? 1) >= 5 ? { width: frameHeight, height: meta.width } : { width: meta.width, height: frameHeight };
  const widths: number[] = MEDIA_WIDTHS.filter((w) => w < upright.width);
  if (upright.width <= MEDIA_WIDTHS[MEDIA_WIDTHS.length - 1]!) widths.push(upright.width);

  const row: MediaRow = {
    id: newId(),
    owner_id: owner.id,
    key: randomBytes(16).toString('base64url'),
    widths: widths.join(','),
    width: 0,
    height: 0,
    alt: (options.alt ?? '').trim().slice(0, 500),
    bytes: 0,
    display_bytes: 0,
    created_at: ctx.clock.now().toISOString(),
  };
  await fs.promises.mkdir(mediaDir(ctx, owner.id), { recursive: true });
  try {
    for (const w of widths) {
      const info = await sharp()(bytes, { limitInputPixels: MEDIA_MAX_PIXELS })
        .rotate()
        .resize({ width: w, withoutEnlargement: true })
        .webp({ quality: 80 })
        .toFile(fileOf(ctx, row, w));
      row.bytes += info.size;
      if (w === displayWidth(row)) row.display_bytes = info.size;
      row.width = info.width;
      row.height = info.height;
    }
  } catch (error) {
    await removeFiles(ctx, row);
    if (error instanceof AppError) throw error;
    throw refuse(notAnImage());
  }
  await insertMedia(ctx.db, row);
  return row;
}

async function removeFiles(ctx: AppContext, m: MediaRow): Promise<void> {
  for (const w of widthsOf(m)) await fs.promises.rm(fileOf(ctx, m, w), { force: true });
}

/** One of the owner's images, or a 422 naming the field: nobody attaches someone else's image. */
export async function ownMedia(ctx: AppContext, ownerId: string, id: string, field = 'coverImage'): Promise<MediaRow> {
  const m = await findMedia(ctx.db, id);
  if (!m || m.owner_id !== ownerId) {
    throw new AppError('unprocessable', 'That image is not one of yours.', { fields: { [field]: 'Choose an image you uploaded.' } });
  }
  return m;
}

/** Deletes an image: its row (covers pointing at it are cleared) and then its files. */
export async function deleteMedia(ctx: AppContext, m: MediaRow): Promise<void> {
  await deleteMediaRow(ctx.db, m.id);
  await removeFiles(ctx, m);
}

/**
 * Deletes an image that nothing uses any more: no post has it as cover and no post of its owner
 * names it in its body. Called when a post goes or changes its cover, so covers leave no orphans.
 */
export async function releaseMedia(ctx: AppContext, id: string | null): Promise<boolean> {
  if (!id) return false;
  const m = await findMedia(ctx.db, id);
  if (!m) return false;
  if (await mediaInUse(ctx.db, m)) return false;
  await deleteMedia(ctx, m);
  return true;
}

/** After an account is deleted (its media rows went with it): its image files go too. */
export async function removeAccountMedia(ctx: AppContext, userId: string): Promise<void> {
  await deleteMediaOf(ctx.db, userId);
  await fs.promises.rm(mediaDir(ctx, userId), { recursive: true, force: true });
}

/** The file behind a `/media/{key}-{width}.webp` address, if that image and size exist. */
export async function mediaFile(ctx: AppContext, name: string): Promise<string | undefined> {
  const m = /^([A-Za-z0-9_-]{22})-(\d{1,5})\.webp$/.exec(name);
  if (!m || !keyPattern.test(m[1]!)) return undefined;
  const row = await findMediaByKey(ctx.db, m[1]!);
  const width = Number(m[2]);
  if (!row || !widthsOf(row).includes(width)) return undefined;
  return fileOf(ctx, row, width);
}

/** A post's cover as addresses (absolute), or null. */
export function coverOf(
  ctx: AppContext,
  p: {
    cover_key: string | null;
    cover_widths: string | null;
    cover_width: number | null;
    cover_height: number | null;
    cover_alt: string | null;
  },
): { url: string; width: number; height: number; alt: string; sizes: Array<{ width: number; url: string }> } | null {
  if (!p.cover_key || !p.cover_widths || !p.cover_width || !p.cover_height) return null;
  const m = { key: p.cover_key, widths: p.cover_widths };
  const shown = displayWidth(m);
  return {
    url: `${ctx.config.baseUrl}${mediaPath(m, shown)}`,
    width: shown,
    height: Math.round((p.cover_height * shown) / p.cover_width),
    alt: p.cover_alt ?? '',
    sizes: widthsOf(m).map((w) => ({ width: w, url: `${ctx.config.baseUrl}${mediaPath(m, w)}` })),
  };
}

/** An account's images leave with it: rows and files (wired in handlers.ts). */
export function registerMediaHandlers(ctx: AppContext): void {
  ctx.events.on('account.deleted', ({ userId }) => removeAccountMedia(ctx, userId));
}
