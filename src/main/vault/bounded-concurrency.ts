/**
 * Runs `task` for every item, all groups at once but never more than `perGroup` at a time within
 * one group: a vault with forty accounts on one server must not hit that server forty times at
 * once (rate limits are per IP), while accounts on other servers need not wait for it.
 * Resolves when every task has settled; a task's rejection is its own business (catch inside).
 */
export async function forEachGrouped<T>(
  items: readonly T[],
  groupOf: (item: T) => string,
  perGroup: number,
  task: (item: T) => Promise<void>
): Promise<void> {
  if (!Number.isInteger(perGroup) || perGroup < 1) throw new RangeError('perGroup must be ≥ 1')
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const key = groupOf(item)
    const queue = groups.get(key)
    if (queue) queue.push(item)
    else groups.set(key, [item])
  }
  const lanes: Promise<void>[] = []
  for (const queue of groups.values()) {
    let next = 0
    const lane = async () => {
      while (next < queue.length) {
        const item = queue[next++]!
        await task(item).catch(() => undefined)
      }
    }
    for (let i = 0; i < Math.min(perGroup, queue.length); i++) lanes.push(lane())
  }
  await Promise.all(lanes)
}
