"""Display reads, one module per area: plain sqlite3 on the reader connection, no ORM.

Every read that a window, the command line or a document shows lives here once; ui/
holds no SQL, and services keep the ORM for writes. Reading with sqlite3 directly keeps
start-up and refresh fast at tens of thousands of people (SQLAlchemy is not imported).
"""
