// npm run bench:vault — the vault's two performance targets, on real files:
//   1. open a store of 1,000 accounts and decrypt every token: ≤ 50 ms;
//   2. re-verify 50 accounts over 10 simulated instances with 50 ms latency: ≤ 3× one round trip.
import { benchLoad } from './vault-load'
import { benchReverify } from './vault-reverify'

const loadOk = await benchLoad()
console.log('')
const reverifyOk = await benchReverify()
process.exitCode = loadOk && reverifyOk ? 0 : 1
