"""The web layer under the pages and the API: who is calling, CSRF, security headers, forms,
downloads and the Flask error handlers.
"""
