import { isFloatDtype } from './dtype.ts';
import type { TensorReader } from './safetensors-file.ts';

/** NaN and Inf counts of one tensor that has at least one non-finite value. */
export interface NonFiniteReport {
  name: string;
  nanCount: number;
  infCount: number;
  /** Flat (row-major) index of the first non-finite value. */
  firstIndex: number;
}

/**
 * Scans float tensors for NaN and Inf, one tensor in memory at a time. Returns one report per tensor
 * that has any, in the order scanned. Only F32, F16 and BF16 tensors are scanned; others are skipped.
 */
export async function findNonFinite(
  reader: TensorReader,
  names?: readonly string[],
): Promise<NonFiniteReport[]> {
  const reports: NonFiniteReport[] = [];
  for (const name of names ?? reader.tensorNames) {
    if (!isFloatDtype(reader.info(name).dtype)) {
      continue;
    }
    const report = countNonFinite(name, await reader.readFloat32(name));
    if (report !== undefined) {
      reports.push(report);
    }
  }
  return reports;
}

function countNonFinite(name: string, values: Float32Array): NonFiniteReport | undefined {
  let nanCount = 0;
  let infCount = 0;
  let firstIndex = -1;
  for (let i = 0; i < values.length; i += 1) {
    const value = values[i];
    if (Number.isFinite(value)) {
      continue;
    }
    if (Number.isNaN(value)) {
      nanCount += 1;
    } else {
      infCount += 1;
    }
    if (firstIndex < 0) {
      firstIndex = i;
    }
  }
  return firstIndex < 0 ? undefined : { name, nanCount, infCount, firstIndex };
}
