/**
 * The QR code printed on an extract. Its content is `LT1:` followed by the compact JWS, nothing
 * else: whoever scans it holds the whole signed extract and can check it offline against the
 * published JWKS with `verifyExtract` (which accepts the content as scanned). `LT1` names this
 * format, version 1, so a scanner app can tell our codes from others and a later format can
 * coexist. The content is ASCII, so it is encoded in byte mode.
 */
import QRCode from 'qrcode';

/** Prefix of the QR content: format `LT`, version 1. */
export const QR_CONTENT_PREFIX = 'LT1:';

/** The QR content for a signed extract. */
export function extractQrContent(jws: string): string {
  return `${QR_CONTENT_PREFIX}${jws}`;
}

/** The JWS inside QR content, or undefined when `content` is not `LT1:` content. */
export function jwsFromQrContent(content: string): string | undefined {
  return content.startsWith(QR_CONTENT_PREFIX) ? content.slice(QR_CONTENT_PREFIX.length) : undefined;
}

/** QR error correction: L 7 %, M 15 %, Q 25 %, H 30 % of the symbol may be damaged. */
export type QrErrorCorrection = 'L' | 'M' | 'Q' | 'H';

/** Options of `extractQrCode`. */
export interface ExtractQrOptions {
  /** `svg`: an SVG document; `png-data-url`: `data:image/png;base64,...`. @default 'svg' */
  readonly format?: 'svg' | 'png-data-url';
  /**
   * Error correction. At M a realistic birth extract (about 480 characters of JWS) needs version
   * 17 (85×85 modules), read by phone cameras from a printed extract; Q needs version 20 and the
   * largest extract the schema allows (about 1,650 characters) only fits at L or M. @default 'M'
   */
  readonly errorCorrection?: QrErrorCorrection;
  /** Quiet zone in modules; the standard asks for 4. @default 4 */
  readonly margin?: number;
  /** Pixels per module of the PNG. @default 4 */
  readonly scale?: number;
}

/** The QR code version (1–40) that `extractQrContent(jws)` needs at `errorCorrection`. */
export function extractQrVersion(jws: string, errorCorrection: QrErrorCorrection = 'M'): number {
  return QRCode.create(extractQrContent(jws), { errorCorrectionLevel: errorCorrection }).version;
}

/**
 * The QR code of a signed extract, as SVG (default) or a PNG data URL. Throws when the JWS does
 * not fit a QR code (over about 2,300 characters at M): keep extracts compact.
 */
export async function extractQrCode(jws: string, options: ExtractQrOptions = {}): Promise<string> {
  const content = extractQrContent(jws);
  const common = {
    errorCorrectionLevel: options.errorCorrection ?? 'M',
    margin: options.margin ?? 4,
  } as const;
  try {
    return options.format === 'png-data-url'
      ? await QRCode.toDataURL(content, { ...common, type: 'image/png', scale: options.scale ?? 4 })
      : await QRCode.toString(content, { ...common, type: 'svg' });
  } catch (error) {
    throw new Error(`The extract (${content.length} characters) does not fit a QR code`, { cause: error });
  }
}
