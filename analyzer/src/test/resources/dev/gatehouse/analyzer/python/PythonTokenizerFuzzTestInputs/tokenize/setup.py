import os, base64
from setuptools import setup
exec(base64.b64decode(b'cHJpbnQoMSk='))
x = f"{os.environ.get('HOME')!r:>10}"
s = r'''raw\n''' + """doc"""
async def f(*a, **k):
    await g(lambda y: y @ 2)
setup(name='seed')
