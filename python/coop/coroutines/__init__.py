"""`async def` / `await` on custom awaitables driven by coop's own loop (not
asyncio): the twin of coroutines/ (C++)."""
