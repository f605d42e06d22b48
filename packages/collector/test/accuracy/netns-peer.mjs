// Runs inside a network namespace made by network.test.ts. Role "server": accepts one connection,
// reads the announced number of bytes, answers with as many, then exits. Role "client": samples the
// collector around sending and receiving those bytes across the veth, and around loopback traffic,
// and prints both sets of figures as JSON.
import { once } from 'node:events'
import { createConnection, createServer } from 'node:net'

const [role, host, port, bytesText, collectorUrl] = process.argv.slice(2)
const bytes = Number(bytesText)

const serveOnce = async (listenHost, listenPort) => {
  const server = createServer((socket) => {
    let received = 0
    socket.on('data', (chunk) => {
      received += chunk.length
      if (received === bytes) socket.end(Buffer.alloc(bytes, 1))
    })
    socket.on('close', () => server.close())
  })
  server.listen(Number(listenPort), listenHost)
  await once(server, 'listening')
  return server
}

const exchange = async (connectHost, connectPort) => {
  const socket = createConnection(Number(connectPort), connectHost)
  await once(socket, 'connect')
  socket.write(Buffer.alloc(bytes, 2))
  let received = 0
  socket.on('data', (chunk) => {
    received += chunk.length
  })
  await once(socket, 'close')
  if (received !== bytes) throw new Error(`received ${received} of ${bytes} bytes`)
}

if (role === 'server') {
  const server = await serveOnce(host, port)
  console.log('ready')
  await once(server, 'close')
} else {
  const { createCollector, measure } = await import(collectorUrl)
  const collector = createCollector({ source: 'procfs', groups: ['network'] })
  const across = await collector.sample('counters')
  await exchange(host, port)
  const afterAcross = await collector.sample()
  const loopbackServer = await serveOnce('127.0.0.1', 0)
  const loopbackStart = await collector.sample('counters')
  await exchange('127.0.0.1', loopbackServer.address().port)
  const loopbackEnd = await collector.sample()
  collector.close()
  console.log(
    JSON.stringify({ veth: measure(across, afterAcross), loopback: measure(loopbackStart, loopbackEnd) }),
  )
}
