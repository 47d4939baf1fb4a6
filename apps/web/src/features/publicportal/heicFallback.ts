/** The stored photo's longest side on the server; the browser's copy need be no larger. */
const MAX_SIDE = 2560;

/** Whether a picked file is a HEIC/HEIF photo (by its type, or its name where the type is missing). */
export const isHeic = (file: File) => /^image\/hei[cf]/i.test(file.type) || /\.(heic|heif)$/i.test(file.name);

/**
 * A photo the server cannot decode (the HEVC-coded HEIC most iPhones write: the server's image
 * library reads AVIF-coded HEIF only), decoded by the browser where it can (Safari) and drawn as a
 * JPEG to send instead; null where the browser cannot read it either. The copy has no metadata,
 * so no EXIF position comes back as a hint for the map pin.
 */
export async function browserJpeg(file: Blob): Promise<Blob | null> {
  if (typeof createImageBitmap !== 'function') return null;
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    return null;
  }
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  ctx.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  return new Promise((resolve) => canvas.toBlob((b) => resolve(b), 'image/jpeg', 0.88));
}
