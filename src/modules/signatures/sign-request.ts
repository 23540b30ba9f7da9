import type { CmsSigner } from './cms.js';

/** What a signature asks for: pades.ts and incremental.ts both take it. */

/** A box on a page, in PDF points from the bottom-left corner. */
export interface Box {
  page: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface TextOnPage {
  page: number;
  x: number;
  y: number;
  size: number;
  text: string;
  bold?: boolean;
  color?: 'black' | 'red' | 'blue';
}

export interface VisibleSignature {
  box: Box;
  /** PNG of the handwritten signature or of the seal; drawn in `imageBox` (default: the box). */
  image?: Uint8Array | null;
  imageBox?: Box;
  /** Lines written in the box under the image (signer, organisation, time). */
  lines: string[];
  color: 'red' | 'blue';
  /** x and y of the box count from the top-right corner of the page (negative offsets). */
  topRight?: boolean;
}

export interface SignRequest {
  pdf: Buffer;
  signer: CmsSigner;
  /** Name of the signature field, unique in the file (e.g. "KyLanhDao", "KyCoQuan"). */
  field: string;
  name: string;
  reason: string;
  location: string;
  signingTime: Date;
  visible: VisibleSignature;
  /** Text written into the page before signing (number, symbol and date at issue). */
  texts?: TextOnPage[];
}
