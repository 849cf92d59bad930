/** A checkpoint folder, index or option is invalid (missing shard, bad index, unsupported setting). */
export class CheckpointError extends Error {
  override name = 'CheckpointError';
}

/** A safetensors file breaks the format: bad header, offsets or sizes. The message names the file. */
export class SafetensorsFormatError extends Error {
  override name = 'SafetensorsFormatError';

  constructor(
    readonly file: string,
    message: string,
    readonly tensor?: string,
  ) {
    super(tensor === undefined ? `${file}: ${message}` : `${file}: tensor "${tensor}": ${message}`);
  }
}

/** A requested tensor name is not in the file or checkpoint. */
export class TensorNotFoundError extends Error {
  override name = 'TensorNotFoundError';

  constructor(
    readonly tensor: string,
    readonly source: string,
  ) {
    super(`tensor "${tensor}" not found in ${source}`);
  }
}

/** A tensor's dtype cannot be converted as requested (for example I64 read as fp32). */
export class DtypeError extends Error {
  override name = 'DtypeError';
}
