/** Where deliveries go: an endpoint made through the API or one configured at start (`--webhook-url`). */
export interface DeliveryTarget {
  id: string;
  url: string;
  secret: string;
  enabledEvents: string[];
}

export function wantsEvent(target: DeliveryTarget, type: string): boolean {
  return target.enabledEvents.some(
    (pattern) =>
      pattern === '*' ||
      pattern === type ||
      (pattern.endsWith('.*') && type.startsWith(pattern.slice(0, -1))),
  );
}
