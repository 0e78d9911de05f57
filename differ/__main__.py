from differ.cli import main

main()
