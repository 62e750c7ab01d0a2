/** Deep copy of a JSON-shaped object (API objects are plain JSON; this is faster than structuredClone). */
export function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
