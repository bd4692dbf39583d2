Console.WriteLine("edgectl");
