"""The official PDF of a document (GB/T 9704-2012) and its 发文稿纸, from plain data."""
