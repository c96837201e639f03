"""A headless LibreOffice of the tests' own (its own profile and pipe, so it runs beside a
user's LibreOffice), for the scripts beside this file."""
import contextlib
import os
import subprocess
import tempfile
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    """A UNO property value."""
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def url(path):
    """A file URL for a path."""
    return uno.systemPathToFileUrl(os.path.abspath(path))


@contextlib.contextmanager
def desktop():
    """Starts soffice, yields its Desktop and the component context, and ends it."""
    profile = tempfile.mkdtemp(prefix="huibao-lo-")
    pipe = "huibao%d" % os.getpid()
    office = subprocess.Popen(
        ["soffice", "--headless", "--invisible", "--norestore", "--nologo",
         "-env:UserInstallation=file://" + profile,
         "--accept=pipe,name=%s;urp;" % pipe],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local)
        for _ in range(300):
            try:
                ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
                break
            except Exception:
                time.sleep(0.1)
        else:
            raise SystemExit("soffice did not start")
        yield ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx), ctx
    finally:
        office.terminate()
        try:
            office.wait(10)
        except subprocess.TimeoutExpired:
            office.kill()
