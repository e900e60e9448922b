"""SVG images drawn by Debian's chromium into grey pixels, for the QR decoder (zxing-cpp needs
pixels, and no SVG renderer is installed). Chromium runs in a child process: the browser tests
may hold Playwright's sync API in this one, and it cannot be started twice in a thread."""
import base64
import json
import os
import subprocess
import sys
from pathlib import Path

CHROMIUM = os.environ.get("FIELDAPP_CHROMIUM", "/usr/bin/chromium")
SIZE = 330  # pixels a side: about 8 a module for the QR codes of the guides

DRAW = """async ([svg, size]) => {
  const image = new Image();
  image.src = `data:image/svg+xml;base64,${svg}`;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = size;
  const context = canvas.getContext('2d');
  context.fillStyle = '#fff';
  context.fillRect(0, 0, size, size);
  context.drawImage(image, 0, 0, size, size);
  const rgba = context.getImageData(0, 0, size, size).data;
  let grey = '';
  for (let i = 0; i < rgba.length; i += 4) grey += String.fromCharCode(rgba[i]);
  return btoa(grey);
}"""


def _child():
    from playwright.sync_api import sync_playwright

    svgs = json.load(sys.stdin)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        json.dump([page.evaluate(DRAW, [svg, SIZE]) for svg in svgs], sys.stdout)
        browser.close()


def draw(svgs):
    """Each SVG (bytes) as SIZE x SIZE grey pixels, a memoryview shaped (rows, columns)."""
    payload = json.dumps([base64.b64encode(svg).decode() for svg in svgs])
    done = subprocess.run([sys.executable, "-m", "tests.guides.drawing"], input=payload, text=True,
                          capture_output=True, timeout=120, check=True,
                          cwd=Path(__file__).resolve().parents[2])
    return [memoryview(base64.b64decode(grey)).cast("B", (SIZE, SIZE)) for grey in json.loads(done.stdout)]


if __name__ == "__main__":
    _child()
