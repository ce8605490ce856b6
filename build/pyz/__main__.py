import sys
if __name__ == "__main__":
    try:
        import zipimport
        exec(compile(zipimport.zipimporter(sys.path[0]).get_data("_aegis_pyz/start.py"),
                     sys.path[0] + "/_aegis_pyz/start.py", "exec", dont_inherit=True))
    except Exception:
        if sys.argv[1:2] != ["hook"]:
            raise
        sys.exit(0)
