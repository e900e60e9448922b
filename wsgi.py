import gc

from fieldapp import create_app

app = create_app()
# Everything made at start-up lives as long as the process: keep it out of the garbage
# collector's full passes, which otherwise cost a 500-operation push about a fifth of its time.
gc.freeze()
