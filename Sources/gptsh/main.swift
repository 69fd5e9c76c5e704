print("gptsh")
