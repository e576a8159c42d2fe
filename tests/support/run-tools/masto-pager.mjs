// A masto.js script as people write them: the instance and token from the environment, the home
// timeline paged with masto's own paginator (which follows each Link header's next URL).
import { createRestAPIClient } from 'masto'

const masto = createRestAPIClient({
  url: process.env.MASTODON_API_BASE_URL,
  accessToken: process.env.MASTODON_ACCESS_TOKEN
})
const me = await masto.v1.accounts.verifyCredentials()
const posted = await masto.v1.statuses.create({ status: 'posted by a masto.js script' })
const pages = []
for await (const page of masto.v1.timelines.home.list({ limit: 20 })) pages.push(page.length)
console.log(JSON.stringify({ me: me.username, posted: posted.content, pages }))
