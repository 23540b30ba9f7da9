/** Padding characters ('=') at the end of a run of base64 text. */
export const padOf = (run: Uint8Array) => (run[run.length - 1] === 0x3d ? (run[run.length - 2] === 0x3d ? 2 : 1) : 0);

/** How many bytes a run of base64 text decodes to at most (exactly, when it is canonical: one line, padded). */
export const decodedSize = (run: Uint8Array) => (run.length % 4 === 0 ? (run.length / 4) * 3 - padOf(run) : (Math.floor(run.length / 4) + 1) * 3);
