"""`omnijet-agent web`: the session store in a browser (see agents/web/app.py)."""
