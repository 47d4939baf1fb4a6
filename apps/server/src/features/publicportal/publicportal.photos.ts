import sharp from 'sharp';
import { DomainError } from '@cityloop/domain';

export const MAX_PUBLIC_PHOTO_BYTES = 10 * 1024 * 1024;
/** What a resident may send: the formats phones write (HEIC is sharp's `heif`). */
const ACCEPTED = new Set(['jpeg', 'png', 'webp', 'heif']);
/** The stored photo's longest side: a phone's 12-megapixel photo is more than a case needs. */
const MAX_SIDE = 2560;
/** The thumbnail's longest side, as the attachments' own. */
const THUMB_PX = 320;

/**
 * Where a photo was taken, read from its EXIF GPS tags (a TIFF structure after "Exif\0\0"), or
 * null. Only a hint for the map pin: the stored photo keeps no metadata at all.
 */
export function exifPosition(exif: Buffer | undefined): { lon: number; lat: number } | null {
  if (!exif || exif.length < 14) return null;
  try {
    let base = 0;
    if (exif.subarray(0, 6).toString('latin1') === 'Exif\0\0') base = 6;
    const little = exif.subarray(base, base + 2).toString('latin1') === 'II';
    const u16 = (o: number) => (little ? exif.readUInt16LE(base + o) : exif.readUInt16BE(base + o));
    const u32 = (o: number) => (little ? exif.readUInt32LE(base + o) : exif.readUInt32BE(base + o));
    const entries = (ifd: number) => {
      const n = u16(ifd);
      if (n > 500) return [];
      return Array.from({ length: n }, (_, i) => {
        const e = ifd + 2 + i * 12;
        return { tag: u16(e), type: u16(e + 2), count: u32(e + 4), value: e + 8 };
      });
    };
    const gpsPointer = entries(u32(4)).find((e) => e.tag === 0x8825);
    if (!gpsPointer) return null;
    const gps = entries(u32(gpsPointer.value));
    const rational3 = (tag: number): number | null => {
      const e = gps.find((x) => x.tag === tag);
      if (!e || e.type !== 5 || e.count !== 3) return null;
      const at = u32(e.value);
      let v = 0;
      for (let i = 0; i < 3; i++) {
        const den = u32(at + i * 8 + 4);
        if (den === 0) return null;
        v += u32(at + i * 8) / den / 60 ** i;
      }
      return v;
    };
    const ref = (tag: number): string | null => {
      const e = gps.find((x) => x.tag === tag);
      return e ? String.fromCharCode(exif[base + e.value]!) : null;
    };
    const lat = rational3(2);
    const lon = rational3(4);
    if (lat === null || lon === null) return null;
    const out = { lat: ref(1) === 'S' ? -lat : lat, lon: ref(3) === 'W' ? -lon : lon };
    return Math.abs(out.lat) <= 90 && Math.abs(out.lon) <= 180 && (out.lat !== 0 || out.lon !== 0)
      ? out
      : null;
  } catch {
    return null;
  }
}

/**
 * A resident's photo made safe to keep: checked for its real type and size, turned upright,
 * scaled down and re-encoded as JPEG without any metadata (no camera, owner or place), with its
 * thumbnail; decoded once for both. Its EXIF position comes back separately as a hint.
 */
export async function reencodePhoto(data: Buffer): Promise<{
  jpeg: Buffer;
  thumb: Buffer;
  width: number;
  height: number;
  hint: { lon: number; lat: number } | null;
}> {
  if (data.length === 0) throw new DomainError('validation.failed', 'The file is empty');
  if (data.length > MAX_PUBLIC_PHOTO_BYTES)
    throw new DomainError('payload.too_large', 'Photos may be at most 10 MB');
  let meta: sharp.Metadata;
  try {
    meta = await sharp(data).metadata();
  } catch {
    throw new DomainError(
      'unsupported_media',
      'The file is not a readable image: send JPEG, PNG, WebP or HEIC',
    );
  }
  if (!meta.format || !ACCEPTED.has(meta.format))
    throw new DomainError(
      'unsupported_media',
      `Photos must be JPEG, PNG, WebP or HEIC, not ${meta.format ?? 'unknown'}`,
    );
  const hint = exifPosition(meta.exif);
  const unreadable = () =>
    // sharp's prebuilt libvips decodes AVIF-coded HEIF only, not the HEVC most phones write.
    new DomainError(
      'unsupported_media',
      meta.format === 'heif'
        ? 'This HEIC photo cannot be read here; send it as JPEG (most phones convert when sharing)'
        : 'The image is damaged or incomplete',
    );
  const upright = () =>
    sharp(data, { limitInputPixels: 100_000_000 }).rotate().flatten({ background: '#ffffff' });
  // Two pipelines from the original, side by side: the copy streams from decoder to encoder, and
  // the thumbnail lets a JPEG decode at a fraction of its size. Written from pixels, neither can
  // carry any of the original's metadata.
  const [full, thumb] = await Promise.all([
    upright()
      .resize(MAX_SIDE, MAX_SIDE, { fit: 'inside', withoutEnlargement: true })
      // Without Huffman-table optimisation: a few per cent larger, several times faster to write.
      .jpeg({ quality: 82, optimiseCoding: false })
      .toBuffer({ resolveWithObject: true }),
    upright().resize(THUMB_PX, THUMB_PX, { fit: 'inside' }).jpeg({ quality: 75 }).toBuffer(),
  ]).catch(() => {
    throw unreadable();
  });
  const jpeg = full.data;
  const { width, height } = full.info;
  return { jpeg, thumb, width, height, hint };
}
