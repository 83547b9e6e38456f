"""The benchmark's /plaintext and /json endpoints on aiohttp (uvloop when installed).

Usage: /usr/bin/python3 aiohttp_hello.py PORT   (prints "LISTENING PORT" once it accepts)
"""
import asyncio
import sys

from aiohttp import web

try:
    import uvloop
except ImportError:  # plain asyncio still works, only slower; the results table says which ran
    uvloop = None


async def plaintext(_request):
    return web.Response(text="Hello, World!")


async def json_endpoint(_request):
    return web.json_response({"message": "Hello, World!"})


async def serve(port):
    app = web.Application()
    app.router.add_get("/plaintext", plaintext)
    app.router.add_get("/json", json_endpoint)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port, backlog=1024).start()
    print(f"LISTENING {port} loop={'uvloop' if uvloop else 'asyncio'}", flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    if uvloop:
        uvloop.install()
    asyncio.run(serve(int(sys.argv[1])))
